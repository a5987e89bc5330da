package dev.meshbone.governance.envelope;

/**
 * Why governance could not get an answer from the registry. None of these is the record's fault: the lookup retries
 * with back-off and then fails the task, which resumes from its last commit; nothing is quarantined.
 */
public enum RegistryFault {
    /** No connection, a timeout, or an answer that is not HTTP. */
    UNREACHABLE,
    /** A 5xx answer. */
    SERVER_ERROR,
    /** 401: governance's credentials ({@code registry.username}) were refused, or none were sent. */
    UNAUTHORIZED,
    /** 403: governance's registry user may not read the artifact. */
    FORBIDDEN,
    /** 429: the registry throttles governance; its {@code Retry-After} is honoured. */
    THROTTLED,
    /** Any other 4xx (400, 405, 409...): the registry refused a request it should have understood. */
    REFUSED
}
