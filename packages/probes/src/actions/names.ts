/** The device-behaviour probes, in the order they run (reset last: it wipes the device). */
export const DEVICE_PROBE_NAMES = ["device-info", "firmware-integrity", "persistence", "reset"] as const;
export type DeviceProbeName = (typeof DEVICE_PROBE_NAMES)[number];
