package org.carnet.record;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.keyring.PersonCipher;
import org.carnet.record.content.EntryContent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
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

	static Entry open(PersonCipher cipher, StoredEntry stored) {
		byte[] plain = cipher.decrypt(associatedData(stored.person(), stored.section(), stored.id()), stored.ciphertext());
		JsonNode payload = JSON.readTree(plain);
		EntryContent content = JSON.treeToValue(payload.get("content"), stored.section().contentType());
		return new Entry(stored.id(), stored.person(), stored.section(), java.util.Optional.ofNullable(stored.supersedes()),
				stored.recordedBy(), stored.recordedAt(), Jurisdiction.of(payload.get("recordedIn").asString()),
				Source.valueOf(payload.get("source").asString()), content);
	}

	static byte[] associatedData(PersonId person, Section section, UUID entryId) {
		return ("carnet-entry:v1:" + person + ":" + section.name() + ":" + entryId).getBytes(StandardCharsets.US_ASCII);
	}
}
