/** Where better-auth's endpoints live, inside the one public API. */
export const AUTH_BASE_PATH = "/api/v1/auth";
/** Header the server sets from the socket's address (clients cannot forge it). */
export const CLIENT_IP_HEADER = "x-labbook-client-ip";
