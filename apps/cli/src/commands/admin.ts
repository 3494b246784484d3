import {
  createApiToken,
  createDb,
  createOrganisation,
  createUser,
  INSTANCE_ROLES,
  loadConfig,
  migrateToLatest,
  ORG_ROLES,
  recoverKeyRotation,
  rotateInstanceKey,
} from "@jcstar/core";
import { Command, InvalidArgumentError, Option } from "commander";
import { readStdin } from "./read-stdin.ts";

const ROLES = [...ORG_ROLES, "operator", "admin"] as const;
type CliRole = (typeof ROLES)[number];

async function withDb<T>(
  dataDir: string | undefined,
  fn: (db: Awaited<ReturnType<typeof createDb>>["db"], dir: string) => Promise<T>,
) {
  const config = loadConfig(process.env, dataDir ? { dataDir } : {});
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    await recoverKeyRotation(handle.db, config.dataDir);
    return await fn(handle.db, config.dataDir);
  } finally {
    await handle.close();
  }
}

/** `jcstar admin …`: offline administration on the data folder (no server needed). */
export function adminCommand(): Command {
  const admin = new Command("admin").description("offline administration / 管理コマンド");
  admin
    .command("create-user")
    .description("create a user; the password is read from stdin / ユーザー作成（パスワードは標準入力）")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .option("--org <name>", "organisation (created if missing); needed for owner, editor, viewer")
    .requiredOption("--email <email>", "e-mail address")
    .option("--name <name>", "display name (default: the e-mail address)")
    .addOption(
      new Option("--role <role>", "role").choices(ROLES as unknown as string[]).makeOptionMandatory(),
    )
    .action(async (opts: { data?: string; org?: string; email: string; name?: string; role: CliRole }) => {
      const orgRole = (ORG_ROLES as readonly string[]).includes(opts.role);
      if (orgRole && !opts.org)
        throw new InvalidArgumentError(`--org is needed for ${opts.role} / --org を指定してください`);
      const password = await readStdin();
      await withDb(opts.data, async (db) => {
        const now = new Date();
        let orgId: string | undefined;
        if (opts.org) {
          const existing = await db
            .selectFrom("organisations")
            .select("id")
            .where("name", "=", opts.org)
            .executeTakeFirst();
          orgId = existing?.id ?? (await createOrganisation(db, opts.org, now)).id;
        }
        const instanceRole = (INSTANCE_ROLES as readonly string[]).includes(opts.role) ? opts.role : "none";
        const user = await createUser(
          db,
          {
            email: opts.email,
            name: opts.name ?? opts.email,
            password,
            instanceRole,
            ...(orgId ? { orgId, role: orgRole ? opts.role : "owner" } : {}),
          },
          now,
        );
        console.log(`created ${user.email} (${opts.role}) ${user.id} / ユーザーを作成しました`);
        if (instanceRole !== "none") {
          console.log(
            "This account must set up TOTP at first sign-in. / 初回サインイン時に二要素認証の設定が必要です。",
          );
        }
      });
    });
  admin
    .command("create-token")
    .description(
      "create an API token for a user; prints only the token / API トークンを作成（トークンだけを出力）",
    )
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .requiredOption("--email <email>", "the user's e-mail address")
    .option("--name <name>", "what the token is for", "cli")
    .addOption(new Option("--scope <scope>", "write or read").choices(["write", "read"]).default("write"))
    .option("--days <n>", "expires after this many days (default: never)", Number)
    .action(async (opts: { data?: string; email: string; name: string; scope: string; days?: number }) => {
      await withDb(opts.data, async (db) => {
        const user = await db
          .selectFrom("users")
          .select("id")
          .where("email", "=", opts.email.trim().toLowerCase())
          .executeTakeFirst();
        if (!user) throw new InvalidArgumentError(`no user ${opts.email} / ユーザーがいません`);
        const token = await createApiToken(
          db,
          user.id,
          { name: opts.name, scope: opts.scope, ...(opts.days ? { expiresInDays: opts.days } : {}) },
          new Date(),
        );
        console.log(token.token);
      });
    });
  admin
    .command("rotate-key")
    .description("re-encrypt every secret with a new instance key / インスタンス鍵の更新")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .action(async (opts: { data?: string }) => {
      await withDb(opts.data, async (db, dir) => {
        const { count, keyId } = await rotateInstanceKey(db, dir, new Date());
        console.log(
          `re-encrypted ${count} secret(s) with key ${keyId} / ${count} 件を新しい鍵で再暗号化しました`,
        );
      });
    });
  return admin;
}
