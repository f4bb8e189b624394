package org.carnet.audit;

/**
 * The last event of one stream, as a checkpoint signs it.
 *
 * @param stream the stream
 * @param streamSequence the position of its last event (0 while the stream is empty)
 * @param sequence that event's global sequence (0 while the stream is empty)
 * @param hash that event's hash (64 zeros while the stream is empty)
 */
public record StreamHead(int stream, long streamSequence, long sequence, String hash) {
}
