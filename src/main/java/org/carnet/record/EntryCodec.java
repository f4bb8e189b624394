package org.carnet.record;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.keyring.PersonCipher;
import org.carnet.record.content.EntryContent;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an entry's content (with where and how it was recorded) into ciphertext and back. The associated data binds
 * the ciphertext to its person, section and entry id: copied to another row, it fails to decrypt.
 */
final class EntryCodec {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	/** A reader per content type, built once. */
	private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
		@Override
		protected ObjectReader computeValue(Class<?> type) {
			// the content is read from within the payload object: what follows it is the payload's, not trailing
			return JSON.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		}
	};

	private EntryCodec() {
	}

	static byte[] seal(PersonCipher cipher, Section section, UUID entryId, EntryContent content, Jurisdiction recordedIn,
			Source source) {
		ObjectNode payload = JSON.createObjectNode();
		payload.put("recordedIn", recordedIn.code());
		payload.put("source", source.name());
		payload.set("content", JSON.valueToTree(content));
		return cipher.encrypt(associatedData(cipher.person(), section, entryId), JSON.writeValueAsBytes(payload));
	}

	/**
	 * Decrypts and reads an entry in one pass over its JSON (the content straight into its record, without an
	 * intermediate tree: a whole-record read opens dozens of entries).
	 */
	static Entry open(PersonCipher cipher, StoredEntry stored) {
		byte[] plain = cipher.decrypt(associatedData(stored.person(), stored.section(), stored.id()), stored.ciphertext());
		String recordedIn = null;
		String source = null;
		EntryContent content = null;
		try (JsonParser parser = JSON.createParser(plain)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalStateException("Entry " + stored.id() + " does not hold a JSON object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (name.equals("recordedIn")) {
					recordedIn = parser.getString();
				}
				else if (name.equals("source")) {
					source = parser.getString();
				}
				else if (name.equals("content")) {
					content = READERS.get(stored.section().contentType()).readValue(parser);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		if (recordedIn == null || source == null || content == null) {
			throw new IllegalStateException("Entry " + stored.id() + " lacks its content, country or source");
		}
		return new Entry(stored.id(), stored.person(), stored.section(), java.util.Optional.ofNullable(stored.supersedes()),
				stored.recordedBy(), stored.recordedAt(), Jurisdiction.of(recordedIn), Source.valueOf(source), content);
	}

	static byte[] associatedData(PersonId person, Section section, UUID entryId) {
		return ("carnet-entry:v1:" + person + ":" + section.name() + ":" + entryId).getBytes(StandardCharsets.US_ASCII);
	}
}
