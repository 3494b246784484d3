/** The criterion a known-vulnerability scan is evidence for, and that unresolved findings block (S1.1-13). */
export const VULN_SCAN_CRITERION = "S1.1-13";
