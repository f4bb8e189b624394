package org.carnet.identity;

import java.util.EnumSet;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The users table as the sign-in, the token customizer and the erasure see it. */
@CarnetIntegrationTest
class UserStoreIntegrationTests {

	private static final Jurisdiction GREECE = Jurisdiction.of("GR");

	@Autowired
	UserStore users;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	Accounts accounts;

	private final PersonId amina = PersonId.random();

	@Test
	void aUserIsStoredOnceAndReadBackAsTypedWhateverTheCaseOfTheName() {
		String name = IdentityTestData.uniqueName("amina");
		UserStore.StoredUser amina = new UserStore.StoredUser(name, "{noop}secret", "Amina Yusuf",
				EnumSet.of(Role.MIGRANT), null, this.amina, GREECE, true);

		assertThat(users.insert(amina)).isTrue();
		assertThat(users.insert(new UserStore.StoredUser(name, "{noop}other", "Someone Else",
				Set.of(Role.ADMIN), null, null, null, true))).as("a second user of the name").isFalse();

		assertThat(users.find("  " + name.toUpperCase() + " ")).contains(amina);
		assertThat(users.find(null)).isEmpty();
		assertThat(users.existsForPerson(this.amina)).isTrue();
		assertThat(users.existsForPerson(PersonId.random())).isFalse();
		assertThat(users.openFor(name, this.amina)).isTrue();
		assertThat(users.openFor(name, PersonId.random())).isFalse();
		assertThat(users.loadUserByUsername(name).getAuthorities()).extracting(Object::toString)
			.containsExactly("ROLE_MIGRANT");
		assertThatThrownBy(() -> users.loadUserByUsername(name + "-nobody"))
			.isInstanceOf(UsernameNotFoundException.class);
	}

	@Test
	void aStaffMemberKeepsOrganisationAndRolesAndHasNoRecord() {
		String name = IdentityTestData.uniqueName("dr");
		UserStore.StoredUser weber = new UserStore.StoredUser(name, "{noop}secret", "Dr Weber",
				EnumSet.of(Role.CLINICIAN, Role.MEDIATOR), IdentityTestData.HOSPITAL_ATHENS, null, null, true);
		new IdentityTestData(accounts);

		users.insert(weber);

		assertThat(users.find(name)).hasValueSatisfying(stored -> {
			assertThat(stored.roles()).containsExactlyInAnyOrder(Role.CLINICIAN, Role.MEDIATOR);
			assertThat(stored.organisation()).isEqualTo(IdentityTestData.HOSPITAL_ATHENS);
			assertThat(stored.person()).isNull();
			assertThat(stored.homeJurisdiction()).isNull();
		});
	}

	@Test
	void closingAnErasedPersonsAccountsDisablesThemAndForgetsTheirName() {
		String name = IdentityTestData.uniqueName("amina");
		users.insert(new UserStore.StoredUser(name, "{noop}secret", "Amina Yusuf", EnumSet.of(Role.MIGRANT), null,
				amina, GREECE, true));

		java.util.List<String> closed = transaction.execute(status -> users.closeAccountsOf(amina));
		assertThat(closed).containsExactly(name);

		assertThat(users.find(name)).hasValueSatisfying(user -> {
			assertThat(user.enabled()).isFalse();
			assertThat(user.displayName()).isEqualTo(name);
		});
		assertThat(users.openFor(name, amina)).isFalse();
		assertThat(users.loadUserByUsername(name).isEnabled()).isFalse();
		java.util.List<String> none = transaction.execute(status -> users.closeAccountsOf(PersonId.random()));
		assertThat(none).isEmpty();
	}

	@Test
	void anEnabledAdministratorIsFound() {
		String name = IdentityTestData.uniqueName("admin");
		users.insert(new UserStore.StoredUser(name, "{noop}secret", "Admin", Set.of(Role.ADMIN), null, null, null,
				true));

		assertThat(users.anyEnabledAdmin()).isTrue();
	}
}
