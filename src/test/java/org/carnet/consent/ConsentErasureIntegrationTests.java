package org.carnet.consent;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Erasing a person leaves nothing of theirs in the consent tables, and nothing of anyone else is touched. */
@CarnetIntegrationTest
class ConsentErasureIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	@Autowired
	ConsentErasure erasure;

	@Autowired
	Grants grants;

	@Autowired
	ConsentRequests requests;

	@Autowired
	ShareCodes shareCodes;

	@Autowired
	BreakGlass breakGlass;

	@Autowired
	Notifications notifications;

	@Autowired
	ConsentDecisions decisions;

	@Autowired
	NotificationPreferences preferences;

	@Autowired
	org.carnet.identity.Accounts accounts;

	@Test
	void erasingAPersonForgetsTheirConsentDataOnly() {
		PersonId amina = PersonId.random();
		PersonId yusuf = PersonId.random();
		Requester weber = Staff.clinician(accounts, Requesters.unique("dr.weber"), "DE");
		for (PersonId person : new PersonId[] { amina, yusuf }) {
			ConsentGrant grant = grants.grant(Requesters.person(person), person, GREECE,
					GrantConsent.of(Grantee.user(weber.subject()), Set.of(Category.ALLERGIES), Access.READ,
							Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE"))));
			grants.revoke(Requesters.person(person), grant.id(), "changed my mind");
			grants.grant(Requesters.person(person), person, GREECE,
					GrantConsent.of(Grantee.user(weber.subject()), Set.of(Category.ALLERGIES), Access.READ,
							Set.of(Purpose.TREATMENT), Set.of(Jurisdiction.of("DE"))));
			requests.request(weber, person, GREECE, RequestConsent.forMe(Set.of(Category.VACCINATIONS), Access.READ,
					Purpose.TREATMENT, "Vaccination check", Optional.of(Duration.ofDays(10))));
			shareCodes.create(Requesters.person(person), person, GREECE, new CreateShareCode(
					Set.of(Category.ALLERGIES), Access.READ, Set.of(Purpose.TREATMENT), Optional.empty()));
			breakGlass.open(weber, person, GREECE, "Unconscious after a road accident, allergies unknown");
			preferences.set(Requesters.person(person), person, NotificationPreference.EVERY_ACCESS);
		}

		int deleted = erasure.erase(amina);

		assertThat(deleted).isEqualTo(2 + 1 + 1 + 1 + 2 + 1);
		assertThat(grants.history(amina)).isEmpty();
		assertThat(requests.forPerson(amina)).isEmpty();
		assertThat(breakGlass.forPerson(amina)).isEmpty();
		assertThat(notifications.notifications(amina)).isEmpty();
		assertThat(preferences.of(amina)).isEqualTo(NotificationPreference.DEFAULT);
		assertThat(decisions.decide(weber, amina, GREECE, Category.ALLERGIES, Access.READ, Purpose.TREATMENT)
			.allowed()).isFalse();
		assertThat(grants.history(yusuf)).hasSize(2);
		assertThat(breakGlass.forPerson(yusuf)).hasSize(1);
		assertThat(notifications.notifications(yusuf)).hasSize(2);
		assertThat(preferences.of(yusuf)).isEqualTo(NotificationPreference.EVERY_ACCESS);
	}
}
