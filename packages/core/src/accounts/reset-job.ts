/** The job that looks the address up and sends the reset e-mail, off the request path (password-reset.ts). */
export const PASSWORD_RESET_JOB = "password-reset-mail";
