import { takeTurns } from "@/lib/scheduling/take-turns";

/**
 * Every Plotly draw on the page takes its turn here: a compare page of a hundred runs has
 * several charts ready at once, each a few hundred milliseconds of main thread; drawn one
 * per task with a yield between, the page keeps answering input while they fill in.
 */
export const drawQueue = takeTurns();
