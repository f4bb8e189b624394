package org.carnet.keyring;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.testing.CarnetIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyring as the application wires it (local keyring, the application's database role): what other modules
 * and the admin API get. Rotates only Antarctica's KEK, which no other test uses.
 */
@CarnetIntegrationTest
class KeyringWiringIntegrationTests {

	static final Jurisdiction ANTARCTICA = Jurisdiction.of("AQ");

	@Autowired
	PersonKeys personKeys;

	@Autowired
	KeyRotation keyRotation;

	@Test
	void registeredPersonsKeepTheirKeysThroughARotationOfTheirJurisdiction() {
		PersonId person = PersonId.random();
		personKeys.create(person, ANTARCTICA);
		byte[] aad = ("person:" + person).getBytes(StandardCharsets.UTF_8);
		byte[] sealed = personKeys.cipher(person).encrypt(aad, "tetanus 2024".getBytes(StandardCharsets.UTF_8));

		RotationStatus status = keyRotation.rotate(ANTARCTICA, true);
		personKeys.evictAll();

		assertThat(status.state()).isEqualTo(RotationStatus.State.COMPLETED);
		assertThat(status.rewrapped()).isEqualTo(1);
		assertThat(keyRotation.status(ANTARCTICA)).contains(status);
		assertThat(personKeys.ciphers(List.of(person)).get(person).decrypt(aad, sealed))
			.asString(StandardCharsets.UTF_8)
			.isEqualTo("tetanus 2024");
	}
}
