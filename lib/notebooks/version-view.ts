/** A version as the API lists it. */
export interface VersionView {
  id: string;
  kind: "auto" | "named";
  name: string | null;
  author: { id: string; name: string } | null;
  createdAt: Date;
}
