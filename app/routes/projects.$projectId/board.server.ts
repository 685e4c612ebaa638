// The task board for the server's render only. The browser bundle gets an empty module here (Remix leaves
// *.server files out of it) and loads the board lazily instead: it is not needed for the chat's first paint.
export { TaskBoard } from "~/components/TaskBoard";
