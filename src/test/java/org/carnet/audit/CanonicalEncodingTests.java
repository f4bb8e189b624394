package org.carnet.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical encoding is a published format: outside parties recompute hashes from exported events. These tests
 * pin it byte for byte; the expected hash was computed independently (Python's hashlib over the expected text).
 */
class CanonicalEncodingTests {

	private static final String EXPECTED = "carnet-access-event/v1\n"
			+ "sequence=42\n"
			+ "stream=3\n"
			+ "streamSequence=7\n"
			+ "previousHash=\"abababababababababababababababababababababababababababababababab\"\n"
			+ "time=\"2024-03-01T10:15:30.123456Z\"\n"
			+ "action=\"BREAK_GLASS\"\n"
			+ "outcome=\"PARTIAL\"\n"
			+ "requesterSubject=\"dr.weber\"\n"
			+ "requesterRoles=[\"CLINICIAN\",\"MEDIATOR\"]\n"
			+ "requesterOrganisation=\"org-berlin-charite\"\n"
			+ "requesterJurisdiction=\"DE\"\n"
			+ "clientId=\"carnet-portal\"\n"
			+ "personId=\"3f2b8c1e-6d4a-4b7e-9c1f-2a5d8e7b6c40\"\n"
			+ "homeJurisdiction=\"GR\"\n"
			+ "crossBorder=true\n"
			+ "purpose=\"EMERGENCY\"\n"
			+ "categoriesServed=[\"ALLERGIES\",\"IDENTITY\"]\n"
			+ "categoriesWithheld=[\"MENTAL_HEALTH\"]\n"
			+ "grantIds=[\"0b7e4c52-1d3f-4a8e-b6c2-9f1e2d3c4b5a\",\"a1b2c3d4-0000-4000-8000-000000000001\"]\n"
			+ "breakGlassJustification=\"Unconscious \\\"patient\\\" \\\\ no ID\\u000a\\u0009arrived by ambulance\"\n"
			+ "operationName=\"BreakGlass\"\n"
			+ "requestId=null\n";

	private static final String EXPECTED_HASH = "47041ad1af164fd1752d0e2f352a630cc3cb440d90c5f01755a0316ec264dc28";

	@Test
	void encodesEveryFieldInTheDocumentedOrderAndHashesTheUtf8Bytes() {
		AccessEvent event = breakGlassByWeber();

		assertThat(CanonicalEncoding.encode(event)).isEqualTo(EXPECTED);
		assertThat(event.hash()).isEqualTo(EXPECTED_HASH);
	}

	@Test
	void setOrderDoesNotChangeTheHash() {
		AccessEvent event = breakGlassByWeber();
		AccessEvent sameSetsOtherOrder = AccessEvent
			.of(new Requester("dr.weber", Set.of(Role.MEDIATOR, Role.CLINICIAN), Optional.of("org-berlin-charite"),
					Optional.of(Jurisdiction.of("DE")), Optional.empty(), "carnet-portal"),
					AccessAction.BREAK_GLASS, AccessOutcome.PARTIAL)
			.at(event.time())
			.about(event.personId(), Jurisdiction.of("GR"))
			.withPurpose(Purpose.EMERGENCY)
			.withCategories(List.of(Category.IDENTITY, Category.ALLERGIES), List.of(Category.MENTAL_HEALTH))
			.withGrants(List.of(UUID.fromString("a1b2c3d4-0000-4000-8000-000000000001"),
					UUID.fromString("0b7e4c52-1d3f-4a8e-b6c2-9f1e2d3c4b5a")))
			.withBreakGlassJustification(event.breakGlassJustification())
			.withOperation("BreakGlass", null)
			.appendedAs(42, 3, 7, "ab".repeat(32));

		assertThat(sameSetsOtherOrder.hash()).isEqualTo(EXPECTED_HASH);
	}

	@Test
	void anyChangedFieldChangesTheHash() {
		AccessEvent event = breakGlassByWeber();

		assertThat(event.withOutcome(AccessOutcome.SUCCESS).appendedAs(42, 3, 7, "ab".repeat(32)).hash())
			.isNotEqualTo(EXPECTED_HASH);
		assertThat(event.appendedAs(42, 3, 7, "ac".repeat(32)).hash()).isNotEqualTo(EXPECTED_HASH);
		assertThat(event.appendedAs(43, 3, 7, "ab".repeat(32)).hash()).isNotEqualTo(EXPECTED_HASH);
		assertThat(event.withOperation("BreakGlass", "").appendedAs(42, 3, 7, "ab".repeat(32)).hash())
			.as("an empty request id is not an absent one")
			.isNotEqualTo(EXPECTED_HASH);
	}

	/** Version 2: the same lines, then target and count; hashes computed independently (Python's hashlib). */
	private static final String EXPECTED_V2 = "carnet-access-event/v2\n"
			+ "sequence=5\n"
			+ "stream=0\n"
			+ "streamSequence=2\n"
			+ "previousHash=\"" + "cd".repeat(32) + "\"\n"
			+ "time=\"2026-12-03T09:00:00.000001Z\"\n"
			+ "action=\"USER_CREATED\"\n"
			+ "outcome=\"SUCCESS\"\n"
			+ "requesterSubject=\"admin\"\n"
			+ "requesterRoles=[\"ADMIN\"]\n"
			+ "requesterOrganisation=null\n"
			+ "requesterJurisdiction=null\n"
			+ "clientId=\"carnet-cli\"\n"
			+ "personId=null\n"
			+ "homeJurisdiction=null\n"
			+ "crossBorder=false\n"
			+ "purpose=null\n"
			+ "categoriesServed=[]\n"
			+ "categoriesWithheld=[]\n"
			+ "grantIds=[]\n"
			+ "breakGlassJustification=null\n"
			+ "operationName=\"CreateUser\"\n"
			+ "requestId=\"r-1\"\n"
			+ "target=\"user:dpo.athens\"\n"
			+ "count=null\n";

	@Test
	void anEventWithATargetOrACountIsEncodedAsVersionTwoWithBothFieldsLast() {
		AccessEvent created = userCreatedByAdmin().withTarget("user:dpo.athens").appendedAs(5, 0, 2, "cd".repeat(32));
		AccessEvent counted = userCreatedByAdmin().withCount(7).appendedAs(5, 0, 2, "cd".repeat(32));

		assertThat(CanonicalEncoding.encode(created)).isEqualTo(EXPECTED_V2);
		assertThat(created.hash()).isEqualTo("1ad7e335f10a2614264a8094c757b55cd572fcdf57993b594a84f6b272ab7f1b");
		assertThat(counted.hash()).isEqualTo("7151c3ac8215e7533ba1667555919f75ae225a45a18b741f01adaafe4924a38e");
		assertThat(created.withTarget("user:dpo.athen").appendedAs(5, 0, 2, "cd".repeat(32)).hash())
			.isNotEqualTo(created.hash());
	}

	@Test
	void anEventWithNeitherTargetNorCountKeepsVersionOne() {
		AccessEvent plain = userCreatedByAdmin().appendedAs(5, 0, 2, "cd".repeat(32));

		assertThat(CanonicalEncoding.encode(plain)).startsWith("carnet-access-event/v1\n")
			.endsWith("requestId=\"r-1\"\n")
			.doesNotContain("target=", "count=");
	}

	private static AccessEvent userCreatedByAdmin() {
		Requester admin = new Requester("admin", Set.of(Role.ADMIN), Optional.empty(), Optional.empty(),
				Optional.empty(), "carnet-cli");
		return AccessEvent.of(admin, AccessAction.USER_CREATED, AccessOutcome.SUCCESS)
			.at(Instant.parse("2026-12-03T09:00:00.000001Z"))
			.withOperation("CreateUser", "r-1");
	}

	private static AccessEvent breakGlassByWeber() {
		Requester weber = new Requester("dr.weber", Set.of(Role.CLINICIAN, Role.MEDIATOR),
				Optional.of("org-berlin-charite"), Optional.of(Jurisdiction.of("DE")), Optional.empty(),
				"carnet-portal");
		return AccessEvent.of(weber, AccessAction.BREAK_GLASS, AccessOutcome.PARTIAL)
			.at(Instant.parse("2024-03-01T10:15:30.123456789Z"))
			.about(new PersonId(UUID.fromString("3f2b8c1e-6d4a-4b7e-9c1f-2a5d8e7b6c40")), Jurisdiction.of("GR"))
			.withPurpose(Purpose.EMERGENCY)
			.withCategories(Set.of(Category.ALLERGIES, Category.IDENTITY), Set.of(Category.MENTAL_HEALTH))
			.withGrants(Set.of(UUID.fromString("0b7e4c52-1d3f-4a8e-b6c2-9f1e2d3c4b5a"),
					UUID.fromString("a1b2c3d4-0000-4000-8000-000000000001")))
			.withBreakGlassJustification("Unconscious \"patient\" \\ no ID\n\tarrived by ambulance")
			.withOperation("BreakGlass", null)
			.appendedAs(42, 3, 7, "ab".repeat(32));
	}
}
