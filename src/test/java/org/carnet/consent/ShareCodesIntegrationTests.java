package org.carnet.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.Category;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.QrCodesTests;
import org.carnet.core.Requester;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Share codes: single use, short-lived, stored only as a keyed hash, guessing throttled and counted. */
@CarnetIntegrationTest
class ShareCodesIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	@Autowired
	ShareCodes shareCodes;

	@Autowired
	ConsentDecisions decisions;

	@Autowired
	Notifications notifications;

	@Autowired
	JdbcClient jdbc;


	@Autowired
	org.carnet.identity.Accounts accounts;

	@org.junit.jupiter.api.BeforeEach
	void accounts() {
		Staff.register(accounts, weber);
	}

	private final PersonId amina = PersonId.random();

	private final Requester aminaHerself = Requesters.person(amina);

	private final String weberName = Requesters.unique("dr.weber");

	private final Requester weber = Requesters.clinician(weberName, "DE");

	private final CreateShareCode allergiesForTreatment = new CreateShareCode(
			Set.of(Category.ALLERGIES, Category.MEDICATIONS), Access.READ, Set.of(Purpose.TREATMENT),
			Optional.of(Duration.ofDays(7)));

	@Test
	void aRedeemedCodeGrantsItsTermsToTheClinicianOnce() throws Exception {
		IssuedShareCode issued = shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment);
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();

		ConsentGrant grant = shareCodes.redeem(weber, issued.code());

		assertThat(grant.grantee()).isEqualTo(Grantee.user(weberName));
		assertThat(grant.jurisdictions()).containsExactly(Jurisdiction.of("DE"));
		assertThat(grant.categories()).containsExactlyInAnyOrder(Category.ALLERGIES, Category.MEDICATIONS);
		assertThat(grant.origin()).isEqualTo(GrantOrigin.SHARE_CODE);
		assertThat(grant.grantedBy()).isEqualTo(aminaHerself.subject());
		assertThat(Duration.between(grant.validFrom(), grant.validUntil())).isEqualTo(Duration.ofDays(7));
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.grants()).containsExactly(grant.id());
		assertThat(decisions.decide(weber, amina, GREECE, Category.MENTAL_HEALTH, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();
		assertThat(notifications.notifications(amina)).extracting(Notification::kind)
			.containsExactly(NotificationKind.SHARE_CODE_REDEEMED);

		Requester colleague = Requesters.clinician(Requesters.unique("dr.schmidt"), "DE");
		assertThatThrownBy(() -> shareCodes.redeem(colleague, issued.code())).isInstanceOf(BadInput.class)
			.hasMessageContaining("already used");
		assertThatThrownBy(() -> shareCodes.redeem(weber, issued.code())).isInstanceOf(BadInput.class)
			.hasMessageContaining("already used");
		assertThat(decisions.decide(colleague, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();
		assertThat(failuresOf(colleague.subject())).isEqualTo(1);
	}

	@Test
	void theCodeComesWithAQrCodeAndAsTheClinicianTypesIt() throws Exception {
		IssuedShareCode issued = shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment);

		assertThat(QrCodesTests.decode(issued.qrSvg())).isEqualTo(issued.code());
		assertThat(shareCodes.redeem(weber, " " + issued.code().toLowerCase().replace("-", " ") + " ")).isNotNull();
	}

	@Test
	void anUnredeemedCodeExpiresAfterFifteenMinutes() {
		IssuedShareCode issued = shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment);
		Instant created = issued.expiresAt().minus(Duration.ofMinutes(15));
		assertThat(Duration.between(Instant.now(), issued.expiresAt()))
			.isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));

		assertThatThrownBy(() -> shareCodes.redeem(weber, issued.code(), issued.expiresAt()))
			.isInstanceOf(BadInput.class)
			.hasMessageContaining("expired");
		assertThat(shareCodes.redeem(Staff.clinician(accounts, Requesters.unique("dr.fast"), "DE"), issued.code(),
				created.plus(Duration.ofMinutes(14)))).isNotNull();
	}

	@Test
	void aWrongCodeIsRefusedAndCounted() {
		shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment);
		Instant before = Instant.now().minusSeconds(1);

		assertThatThrownBy(() -> shareCodes.redeem(weber, "K7Q-4M2-9XT")).isInstanceOf(BadInput.class)
			.hasMessage("code: " + ShareCodes.WRONG);
		assertThatThrownBy(() -> shareCodes.redeem(weber, "not a code")).isInstanceOf(BadInput.class)
			.hasMessage("code: " + ShareCodes.WRONG);

		assertThat(failuresOf(weberName)).isEqualTo(2);
		assertThat(shareCodes.failedRedemptionsSince(before)).isGreaterThanOrEqualTo(2);
	}

	@Test
	void theTenthWrongGuessWithinAMinuteIsRefusedEvenIfRight() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		IssuedShareCode issued = shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment, now);
		for (int guess = 1; guess <= 9; guess++) {
			Instant at = now.plusSeconds(guess);
			assertThatThrownBy(() -> shareCodes.redeem(weber, wrong(issued.code()), at)).as("guess %d", guess)
				.isInstanceOf(BadInput.class);
		}

		assertThatThrownBy(() -> shareCodes.redeem(weber, issued.code(), now.plusSeconds(10)))
			.isInstanceOf(TooManyAttempts.class)
			.hasMessageContaining("wait a minute");
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();
		// a minute after the first wrong guess, one more attempt is allowed again
		assertThat(shareCodes.redeem(weber, issued.code(), now.plusSeconds(62)).grantee())
			.isEqualTo(Grantee.user(weberName));
		assertThat(failuresOf(weberName)).isEqualTo(10);
	}

	@Test
	void onlyTheKeyedHashOfTheCodeIsStored() throws Exception {
		IssuedShareCode issued = shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment);
		String compact = issued.code().replace("-", "");

		String row = jdbc.sql("select s::text from share_codes s where id = ?").param(issued.id().value())
			.query(String.class).single();
		byte[] stored = jdbc.sql("select code_hash from share_codes where id = ?").param(issued.id().value())
			.query(byte[].class).single();

		assertThat(row).doesNotContain(compact).doesNotContain(issued.code());
		assertThat(stored).hasSize(32);
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		assertThat(stored).isNotEqualTo(sha256.digest(compact.getBytes(StandardCharsets.US_ASCII)))
			.isNotEqualTo(sha256.digest(issued.code().getBytes(StandardCharsets.US_ASCII)));
		assertThat(issued.toString()).doesNotContain(issued.code());
	}

	@Test
	void onlyThePersonCreatesAndOnlyCliniciansRedeem() {
		assertThatThrownBy(() -> shareCodes.create(weber, amina, GREECE, allergiesForTreatment))
			.isInstanceOf(Forbidden.class);
		IssuedShareCode issued = shareCodes.create(aminaHerself, amina, GREECE, allergiesForTreatment);

		assertThatThrownBy(() -> shareCodes.redeem(Requesters.mediator("m.haddad", "GR"), issued.code()))
			.isInstanceOf(Forbidden.class);
		assertThatThrownBy(() -> shareCodes.redeem(Requesters.auditor("a.audit", "GR"), issued.code()))
			.isInstanceOf(Forbidden.class);
		assertThat(shareCodes.redeem(weber, issued.code())).isNotNull();
	}

	@Test
	void aCodeNamesWhatIsMissing() {
		assertThatThrownBy(() -> shareCodes.create(aminaHerself, amina, GREECE,
				new CreateShareCode(Set.of(), Access.READ, Set.of(Purpose.TREATMENT), Optional.empty())))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("categories"));
		assertThatThrownBy(() -> shareCodes.create(aminaHerself, amina, GREECE,
				new CreateShareCode(Set.of(Category.ALLERGIES), Access.READ, Set.of(), Optional.empty())))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("purposes"));
		assertThatThrownBy(() -> shareCodes.create(aminaHerself, amina, GREECE, new CreateShareCode(
				Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Optional.of(Duration.ofDays(9999)))))
			.isInstanceOfSatisfying(BadInput.class, ex -> assertThat(ex.field()).isEqualTo("grantDuration"));
	}

	private long failuresOf(String subject) {
		return jdbc.sql("select count(*) from share_code_failures where requester = ?").param(subject)
			.query(Long.class).single();
	}

	/** A well-formed code that differs from {@code code} in its first character. */
	private static String wrong(String code) {
		char first = code.charAt(0);
		char other = ShareCodeText.ALPHABET.charAt((ShareCodeText.ALPHABET.indexOf(first) + 1)
				% ShareCodeText.ALPHABET.length());
		return other + code.substring(1);
	}
}
