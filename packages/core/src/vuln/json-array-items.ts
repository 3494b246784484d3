/**
 * Streams the elements of one top-level array of a JSON document (e.g. `vulnerabilities` of an NVD feed) without
 * holding the whole document as one string: each element is cut out by tracking depth outside strings and
 * parsed with JSON.parse. The text outside that array (the header) is returned by `header()` (first 64 KiB).
 * Throws on a truncated document or an element that is not JSON.
 */
export async function* jsonArrayItems(
  chunks: AsyncIterable<Buffer | string>,
  key: string,
  maxItemBytes: number,
  header: { text: string } = { text: "" },
): AsyncGenerator<unknown> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lastString = "";
  let stringStart = -1;
  let inArray = false;
  let item: string[] | null = null;
  let itemStart = 0;
  let itemBytes = 0;
  let sawArray = false;
  let started = false;
  let stringBuf = "";
  for await (const raw of chunks) {
    const text = typeof raw === "string" ? raw : decoder.decode(raw, { stream: true });
    if (!inArray && header.text.length < 65_536) header.text += text.slice(0, 65_536 - header.text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (!started) {
        if (c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\ufeff") continue;
        if (c !== "{") throw new Error("not a JSON object");
        started = true;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') {
          inString = false;
          if (depth === 1 && !inArray) lastString = stringBuf + text.slice(stringStart, i);
        }
        continue;
      }
      if (c === '"') {
        inString = true;
        stringStart = i + 1;
        stringBuf = "";
        continue;
      }
      if (c === "{" || c === "[") {
        if (inArray && depth === 2 && item === null) {
          item = [];
          itemStart = i;
          itemBytes = 0;
        }
        if (c === "[" && depth === 1 && lastString === key && !sawArray) {
          inArray = true;
          sawArray = true;
        }
        depth++;
        if (depth > 512) throw new Error("JSON nested too deeply");
      } else if (c === "}" || c === "]") {
        depth--;
        if (depth < 0) throw new Error("unbalanced JSON");
        if (inArray && depth === 2 && item !== null) {
          item.push(text.slice(itemStart, i + 1));
          const json = item.join("");
          item = null;
          yield JSON.parse(json);
        } else if (inArray && depth === 1) inArray = false;
      }
    }
    if (inString) {
      // A string that goes on in the next chunk: keep its start if it may be a key (short, at depth 1).
      if (depth === 1 && stringBuf.length < 1000) stringBuf += text.slice(stringStart, stringStart + 1000);
      stringStart = 0;
    }
    if (item !== null) {
      const rest = text.slice(itemStart);
      itemBytes += rest.length;
      if (itemBytes > maxItemBytes)
        throw new Error(`an element of "${key}" is larger than ${maxItemBytes} bytes`);
      item.push(rest);
      itemStart = 0;
    }
  }
  if (!started || depth !== 0 || inString) throw new Error("the JSON document is truncated");
  if (!sawArray) throw new Error(`no "${key}" array in the document`);
}
