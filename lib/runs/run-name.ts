const adjectives = [
  "amber", "brisk", "calm", "daring", "eager", "fancy", "gentle", "hardy", "icy", "jolly", "keen", "lucid",
  "mellow", "noble", "olive", "proud", "quiet", "rapid", "sunny", "tidy", "upbeat", "vivid", "wild", "zesty",
];
const nouns = [
  "aurora", "breeze", "comet", "delta", "ember", "fjord", "glacier", "harbor", "island", "jungle", "kestrel",
  "lagoon", "meadow", "nebula", "orbit", "prairie", "quasar", "river", "summit", "tundra", "valley", "willow",
];

/** A memorable default run name such as `brisk-comet-42`. */
export function generateRunName(random: () => number = Math.random): string {
  const pick = (list: string[]) => list[Math.floor(random() * list.length)] ?? list[0];
  return `${pick(adjectives)}-${pick(nouns)}-${Math.floor(random() * 1000)}`;
}
