/** The sections of a project page, in order; the first is the default. */
export const projectTabs = ["runs", "notebooks", "decisions"] as const;
export type ProjectTab = (typeof projectTabs)[number];
