import type { jaSecurity } from "./ja-security.ts";

/** English texts of the instance's security.txt admin page (part of en.ts). */
export const enSecurity: typeof jaSecurity = {
  securityTxt: {
    nav: "security.txt",
    title: "This instance's security.txt",
    intro:
      "Publishes how to report a vulnerability in this instance itself as /.well-known/security.txt (RFC 9116). Nothing is served (404) until a contact and an expiry date are set, and it is 404 again once the date is past.",
    contacts: "Contacts (one per line)",
    contactsHint: "mailto: or https:// URIs, e.g. mailto:security@example.jp",
    expires: "Expires",
    expiresHint: "A future date at most a year ahead. Renew it before it passes.",
    languages: "Preferred languages",
    policy: "Disclosure policy page (Policy, optional)",
    policyHint: "An https:// URL. Canonical is built from the instance's public URL.",
    save: "Save security.txt",
    saved: "Saved.",
    served: "Served now",
    notServed: "Not served (404): set a contact and an expiry date.",
  },
};
