package org.carnet.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The exact text an event's hash is computed over, so that anyone can recompute it from an exported event. Version
 * {@value #VERSION}:
 * <ul>
 * <li>UTF-8 text; the first line is {@value #VERSION}; then one line {@code name=value} per field, in this order:
 * sequence, stream, streamSequence, previousHash, time, action, outcome, requesterSubject, requesterRoles,
 * requesterOrganisation, requesterJurisdiction, clientId, personId, homeJurisdiction, crossBorder, purpose,
 * categoriesServed, categoriesWithheld, grantIds, breakGlassJustification, operationName, requestId. Every line,
 * the last included, ends with a line feed (0x0A); nothing else separates fields.</li>
 * <li>Numbers in decimal without sign or leading zeros; {@code crossBorder} is {@code true} or {@code false}.</li>
 * <li>Text (including enum names, country codes, ids and hashes) as a JSON string literal: in double quotes,
 * {@code "} written {@code \"}, {@code \} written {@code \\}, characters below U+0020 written as backslash, {@code u}
 * and four lowercase hex digits (a tab is {@code \}{@code u0009}), every other character as itself. An absent value is the bare word {@code null}.</li>
 * <li>Sets (requesterRoles, categories, grantIds) as {@code [}, the elements as JSON strings sorted in ascending
 * order of their characters (they are all ASCII), separated by {@code ,} without spaces, then {@code ]}; an empty set
 * is {@code []}.</li>
 * <li>time in UTC as {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}, always six fraction digits; person and grant ids as
 * lowercase UUIDs; the previous hash of a stream's first event is 64 zeros.</li>
 * </ul>
 * The hash is the SHA-256 of these bytes, as 64 lowercase hex digits. The event's own hash is not part of the text.
 * <p>
 * Version {@value #VERSION_2} covers the fields added later, {@code target} (text) and {@code count} (a number, or
 * {@code null}): an event that has either is encoded with {@value #VERSION_2} as its first line, then the same lines
 * as {@value #VERSION}, then {@code target=...} and {@code count=...} in this order. An event with neither is encoded
 * exactly as before, so every event appended before these fields existed still verifies.
 * <p>
 * Version {@value #VERSION_3} adds {@code actingFor} and {@code reason} (text): an event that has either is encoded
 * with {@value #VERSION_3} as its first line, then every line of {@value #VERSION_2} (target and count included,
 * {@code null} when absent), then {@code actingFor=...} and {@code reason=...} in this order.
 */
final class CanonicalEncoding {

	static final String VERSION = "carnet-access-event/v1";

	static final String VERSION_2 = "carnet-access-event/v2";

	static final String VERSION_3 = "carnet-access-event/v3";

	static final String GENESIS = "0".repeat(64);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private CanonicalEncoding() {
	}

	static String encode(AccessEvent event) {
		StringBuilder out = new StringBuilder(640);
		String version = version(event);
		out.append(version).append('\n');
		number(out, "sequence", event.sequence());
		number(out, "stream", event.stream());
		number(out, "streamSequence", event.streamSequence());
		text(out, "previousHash", event.previousHash());
		return rest(out, event, version).toString();
	}

	/** The first line of an event's encoding, without its line feed: the version its fields call for. */
	static String version(AccessEvent event) {
		boolean version3 = event.actingFor() != null || event.reason() != null;
		boolean version2 = version3 || event.target() != null || event.count() != null;
		return version3 ? VERSION_3 : version2 ? VERSION_2 : VERSION;
	}

	/**
	 * The lines of an event's encoding after its place in the ledger (from {@code time} on, every line ended): what
	 * is known before the event is placed. The database completes the text of an event it places itself
	 * ({@code audit_append}).
	 */
	static String rest(AccessEvent event) {
		return rest(new StringBuilder(512), event, version(event)).toString();
	}

	private static StringBuilder rest(StringBuilder out, AccessEvent event, String version) {
		boolean version2 = !VERSION.equals(version);
		boolean version3 = VERSION_3.equals(version);
		text(out, "time", TIME.format(event.time()));
		text(out, "action", event.action());
		text(out, "outcome", event.outcome());
		text(out, "requesterSubject", event.requesterSubject());
		set(out, "requesterRoles", event.requesterRoles());
		text(out, "requesterOrganisation", event.requesterOrganisation());
		text(out, "requesterJurisdiction", event.requesterJurisdiction());
		text(out, "clientId", event.clientId());
		text(out, "personId", event.personId());
		text(out, "homeJurisdiction", event.homeJurisdiction());
		out.append("crossBorder=").append(event.crossBorder()).append('\n');
		text(out, "purpose", event.purpose());
		set(out, "categoriesServed", event.categoriesServed());
		set(out, "categoriesWithheld", event.categoriesWithheld());
		set(out, "grantIds", event.grantIds());
		text(out, "breakGlassJustification", event.breakGlassJustification());
		text(out, "operationName", event.operationName());
		text(out, "requestId", event.requestId());
		if (version2) {
			text(out, "target", event.target());
			out.append("count=").append(event.count() == null ? "null" : event.count().toString()).append('\n');
		}
		if (version3) {
			text(out, "actingFor", event.actingFor());
			text(out, "reason", event.reason());
		}
		return out;
	}

	/** SHA-256 of the canonical encoding, lowercase hex. */
	static String hash(AccessEvent event) {
		return sha256(encode(event));
	}

	static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static void number(StringBuilder out, String name, long value) {
		out.append(name).append('=').append(value).append('\n');
	}

	private static void text(StringBuilder out, String name, Object value) {
		out.append(name).append('=');
		if (value == null) {
			out.append("null");
		}
		else {
			quoted(out, value.toString());
		}
		out.append('\n');
	}

	private static void set(StringBuilder out, String name, Set<?> values) {
		List<String> texts = new ArrayList<>(values.size());
		for (Object value : values) {
			texts.add(value.toString());
		}
		Collections.sort(texts);
		out.append(name).append("=[");
		for (int i = 0; i < texts.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			quoted(out, texts.get(i));
		}
		out.append("]\n");
	}

	private static void quoted(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		out.append('"');
	}
}
