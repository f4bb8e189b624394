package org.carnet.audit;

import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessEventTests {

	private final PersonId amina = PersonId.random();

	@Test
	void aGreekClinicianReadingAGreekRecordIsNotCrossBorder() {
		AccessEvent event = AccessEvents.read(AccessEvents.nikolaou(), amina, "GR");

		assertThat(event.crossBorder()).isFalse();
		assertThat(event.requesterJurisdiction()).isEqualTo(Jurisdiction.of("GR"));
		assertThat(event.homeJurisdiction()).isEqualTo(Jurisdiction.of("GR"));
	}

	@Test
	void aGermanClinicianReadingAGreekRecordIsCrossBorder() {
		AccessEvent event = AccessEvents.read(AccessEvents.weber(), amina, "GR");

		assertThat(event.crossBorder()).isTrue();
	}

	@Test
	void aRequesterWithoutJurisdictionIsNotCountedAsCrossBorder() {
		Requester noCountry = new Requester("cli", Set.of(Role.CLINICIAN), Optional.empty(), Optional.empty(),
				Optional.empty(), "carnet-cli");

		assertThat(AccessEvents.read(noCountry, amina, "GR").crossBorder()).isFalse();
	}

	@Test
	void takesTheRequesterFromTheToken() {
		AccessEvent event = AccessEvents.read(AccessEvents.weber(), amina, "GR");

		assertThat(event.requesterSubject()).isEqualTo("dr.weber");
		assertThat(event.requesterRoles()).containsExactly(Role.CLINICIAN);
		assertThat(event.requesterOrganisation()).isEqualTo("org-berlin-charite");
		assertThat(event.clientId()).isEqualTo("clinic-system");
		assertThat(event.appended()).isFalse();
	}

	@Test
	void emergencyMeansBreakGlassOrTheEmergencyPurpose() {
		AccessEvent read = AccessEvents.read(AccessEvents.weber(), amina, "GR");

		assertThat(read.emergency()).isFalse();
		assertThat(read.withPurpose(Purpose.EMERGENCY).emergency()).isTrue();
		assertThat(AccessEvent.of(AccessEvents.weber(), AccessAction.BREAK_GLASS, AccessOutcome.SUCCESS).emergency())
			.isTrue();
	}
}
