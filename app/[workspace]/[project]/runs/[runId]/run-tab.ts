/** The sections of a run page, in order; the first is the default. */
export const runTabs = ["overview", "charts", "reproducibility"] as const;
export type RunTab = (typeof runTabs)[number];
