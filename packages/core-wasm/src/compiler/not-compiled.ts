/** Why a tape is not compiled (the program keeps interpreting). */
export class NotCompiled extends Error {}
