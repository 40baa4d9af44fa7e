import { invalid } from "@/lib/errors";

/** MLflow's page token: base64 of `{"offset": n}`; opaque to clients. */
export function createPageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

/** The offset a page token points at (0 without a token); malformed tokens are refused as MLflow does. */
export function parsePageToken(token: string | undefined): number {
  if (!token) return 0;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(token)) throw invalid("Invalid page token, could not base64-decode");
  const decoded = Buffer.from(token, "base64").toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch (error) {
    throw invalid(`Invalid page token, decoded value=${decoded}`, error);
  }
  const offset = typeof parsed === "object" && parsed !== null && "offset" in parsed ? Number(parsed.offset) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid(`Invalid page token, parsed value=${decoded}`);
  return offset;
}
