import { request, type APIRequestContext } from "@playwright/test";
import { ownerStorageState } from "./owner";

/** The instance under test, as the global setup published it. */
export function e2eUrl(): string {
  const url = process.env.LABBOOK_E2E_URL;
  if (!url) throw new Error("LABBOOK_E2E_URL is not set: run the suite through tests/e2e/playwright.config.ts");
  return url;
}

/**
 * An API client acting as the owner with a fresh API key, the way a training script does.
 * The key is created with the owner's browser session (cookie writes must carry our Origin).
 */
export async function ownerApi(): Promise<APIRequestContext> {
  const baseURL = e2eUrl();
  const session = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  try {
    const created = await session.post("/api/v1/api-keys", { data: { name: `e2e tracking ${Date.now()}` } });
    if (created.status() !== 201) throw new Error(`Creating an API key answered ${created.status()}: ${await created.text()}`);
    const { key } = (await created.json()) as { key: string };
    return await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  } finally {
    await session.dispose();
  }
}

export interface NewRun {
  project: string;
  name?: string;
  params?: Record<string, unknown>;
  tags?: string[];
  repro?: Record<string, unknown>;
}

/** Starts a run; returns its id. */
export async function createRun(api: APIRequestContext, run: NewRun): Promise<string> {
  const response = await api.post("/api/v1/runs", { data: run });
  if (response.status() !== 201) throw new Error(`POST /runs answered ${response.status()}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Logs whole series at once, in the API's column form. */
export async function logSeries(api: APIRequestContext, runId: string, series: { key: string; steps: number[]; values: (number | "NaN")[] }[]): Promise<void> {
  const response = await api.post(`/api/v1/runs/${runId}/metrics`, { data: { series } });
  if (!response.ok()) throw new Error(`POST /runs/${runId}/metrics answered ${response.status()}: ${await response.text()}`);
}

/** Ends a run with a final status. */
export async function finishRun(api: APIRequestContext, runId: string, status: "finished" | "failed" | "killed"): Promise<void> {
  const response = await api.patch(`/api/v1/runs/${runId}`, { data: { status } });
  if (!response.ok()) throw new Error(`PATCH /runs/${runId} answered ${response.status()}: ${await response.text()}`);
}
