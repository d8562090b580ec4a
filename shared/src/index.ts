export type * from "./transcript.js";
export type * from "./api.js";
export type * from "./feed.js";
export type * from "./message.js";
