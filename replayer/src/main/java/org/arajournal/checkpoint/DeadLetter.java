package org.arajournal.checkpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * A journal event the ARA server refused, or one that could not be sent because an event it
 * depends on was refused.
 *
 * @param seq      the event's sequence number in its run
 * @param type     the event's type
 * @param status   the server's HTTP status, or 0 for an event that depends on a refused one
 * @param reason   the request and the server's answer, or which refused event this one depends on
 * @param at       when it was refused
 */
public record DeadLetter(UUID run, long seq, String type, int status, String reason, Instant at) {}
