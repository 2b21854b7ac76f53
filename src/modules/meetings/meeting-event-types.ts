/** A joint meeting was recorded (its data: what was recorded). */
export const MEETING_RECORDED_EVENT = 'MEETING_RECORDED';

/** A file of minutes was added (its data names the file and its SHA-256, which the log checks). */
export const MINUTES_ADDED_EVENT = 'MINUTES_ADDED';
