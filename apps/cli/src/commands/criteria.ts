import { criterionView, type Lang, loadCatalog, loadConfig, METHOD_LABELS } from "@jcstar/core";
import { Command, InvalidArgumentError } from "commander";

function parseLang(value: string): Lang {
  if (value !== "ja" && value !== "en") throw new InvalidArgumentError("ja or en");
  return value;
}

/** `jcstar criteria`: the criteria of a checklist version as a table or JSON. */
export function criteriaCommand(): Command {
  return new Command("criteria")
    .description("list the ★1 criteria / ★1 適合基準の一覧")
    .option("--json", "print a JSON array")
    .option("--lang <ja|en>", "language of the table (default ja)", parseLang, "ja" as Lang)
    .option("--checklist <version>", "checklist version (default: the newest ★1)")
    .action((opts: { json?: boolean; lang: Lang; checklist?: string }) => {
      const catalog = loadCatalog(loadConfig().catalogDirs);
      const version = opts.checklist ? catalog.get(opts.checklist) : catalog.latest(1);
      const views = version.criteria.map((c) => criterionView(version, c));
      if (opts.json) {
        console.log(JSON.stringify(views, null, 2));
        return;
      }
      const l = opts.lang;
      console.log(`${version.title[l]} (${version.version})`);
      for (const v of views) {
        const na = v.notApplicableWhen ? (l === "ja" ? "  [要件充足不要あり]" : "  [N/A possible]") : "";
        console.log(`${v.id}  ${v.categoryName[l]} / ${v.title[l]}  (${METHOD_LABELS[l][v.method]})${na}`);
      }
      console.log(`\n${version.notice[l]}`);
    });
}
