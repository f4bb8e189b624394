package org.carnet.audit;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A witness outside Carnet checks an exported checkpoint with nothing but the published public key. */
@CarnetIntegrationTest
class CheckpointsIntegrationTests {

	@Autowired
	Ledger ledger;

	@Autowired
	Checkpoints checkpoints;

	@Test
	void anExportedCheckpointVerifiesWithThePublishedPublicKeyOnly() throws Exception {
		AccessEvent event = ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		String published = checkpoints.publicKeyPem();

		JsonNode export = JsonMapper.shared().readTree(checkpoints.export(checkpoints.create()));

		String payload = export.path("payload").asString();
		byte[] signature = Base64.getDecoder().decode(export.path("signature").asString());
		assertThat(export.path("algorithm").asString()).isEqualTo("Ed25519");
		assertThat(export.path("publicKey").asString()).isEqualTo(published);
		assertThat(witnessVerifies(published, payload, signature)).isTrue();
		JsonNode signed = JsonMapper.shared().readTree(payload);
		assertThat(signed.path("format").asString()).isEqualTo("carnet-audit-checkpoint/v1");
		assertThat(signed.path("streams").values()).anySatisfy(head -> {
			assertThat(head.path("stream").asInt()).isEqualTo(event.stream());
			assertThat(head.path("streamSequence").asLong()).isEqualTo(event.streamSequence());
			assertThat(head.path("sequence").asLong()).isEqualTo(event.sequence());
			assertThat(head.path("hash").asString()).isEqualTo(event.hash());
		});
		assertThat(signed.path("streams").values()).as("every stream, empty ones too")
			.hasSizeGreaterThanOrEqualTo(ledger.streams());
	}

	@Test
	void anAlteredPayloadOrSignatureOrAnotherKeyFailsVerification() throws Exception {
		ledger.append(AccessEvents.read(AccessEvents.nikolaou(), PersonId.random(), "GR"));
		Checkpoint checkpoint = checkpoints.create();
		String published = checkpoints.publicKeyPem();
		byte[] signature = Base64.getDecoder().decode(checkpoint.signature());

		String fewerEvents = checkpoint.payload().replaceFirst("\"streamSequence\":(\\d+)", "\"streamSequence\":0");
		byte[] flipped = signature.clone();
		flipped[10] ^= 0x01;
		String otherKey = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder()
			.encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";

		assertThat(witnessVerifies(published, checkpoint.payload(), signature)).isTrue();
		assertThat(fewerEvents).isNotEqualTo(checkpoint.payload());
		assertThat(witnessVerifies(published, fewerEvents, signature)).isFalse();
		assertThat(witnessVerifies(published, checkpoint.payload(), flipped)).isFalse();
		assertThat(witnessVerifies(otherKey, checkpoint.payload(), signature)).isFalse();
	}

	@Test
	void checkpointsFormAChainAndAreStoredAsSigned() {
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Checkpoint first = checkpoints.create();
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Checkpoint second = checkpoints.create();

		assertThat(second.id()).isGreaterThan(first.id());
		assertThat(second.previousCheckpointHash()).isEqualTo(CanonicalEncoding.sha256(first.payload()));
		assertThat(second.headSequence()).isGreaterThan(first.headSequence());
		assertThat(checkpoints.latest()).contains(second);
		assertThat(checkpoints.find(first.id())).contains(first);
	}

	@Test
	void theScheduleSignsOnlyWhenTheLedgerMoved() {
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		Checkpoint signed = checkpoints.create();

		assertThat(checkpoints.createIfChanged()).as("nothing appended since").isEmpty();
		ledger.append(AccessEvents.read(AccessEvents.weber(), PersonId.random(), "GR"));
		assertThat(checkpoints.createIfChanged()).hasValueSatisfying(
				next -> assertThat(next.previousCheckpointHash()).isEqualTo(CanonicalEncoding.sha256(signed.payload())));
	}

	/** What an outside party does: plain JDK, the published PEM, the payload bytes and the signature. */
	private static boolean witnessVerifies(String publicKeyPem, String payload, byte[] signature) throws Exception {
		String base64 = publicKeyPem.replace("-----BEGIN PUBLIC KEY-----", "")
			.replace("-----END PUBLIC KEY-----", "")
			.replaceAll("\\s", "");
		PublicKey key = KeyFactory.getInstance("Ed25519")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(key);
		verifier.update(payload.getBytes(StandardCharsets.UTF_8));
		try {
			return verifier.verify(signature);
		}
		catch (java.security.SignatureException malformed) {
			// an altered signature may not even decode to a curve point: it does not verify either
			return false;
		}
	}
}
