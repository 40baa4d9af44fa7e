import { redirect } from "next/navigation";

type Props = { params: Promise<{ workspace: string; project: string }> };

/** `/<workspace>/<project>/decisions`: the project page's Decisions tab. */
export default async function DecisionsPage({ params }: Props) {
  const { workspace, project } = await params;
  redirect(`/${encodeURIComponent(workspace)}/${encodeURIComponent(project)}?tab=decisions`);
}
