/** Reads all of standard input (for passwords: never from a flag, which would land in shell history). */
export async function readStdin(limit = 4096): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write("Password (input shown; end with Enter, then Ctrl+D) / パスワード: ");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new Error("input too long / 入力が長すぎます");
    chunks.push(buf);
  }
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
