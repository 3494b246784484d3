export { type DemoProfileTarget, demoDeviceProfile } from "./profile.ts";
export {
  DEMO_WEAKNESSES,
  type DemoDevice,
  type DemoDeviceOptions,
  type DemoWeakness,
  parseWeaknesses,
  startDemoDevice,
} from "./server.ts";
export { DEMO_FIRMWARE, DEMO_MODEL, DEMO_RELEASE, statePaths } from "./state.ts";
export { demoCertificate } from "./tls.ts";
