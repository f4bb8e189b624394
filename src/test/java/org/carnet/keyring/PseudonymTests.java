package org.carnet.keyring;

import java.util.HexFormat;

import org.carnet.core.PersonId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's keyed pseudonym: HKDF-SHA256 (checked against RFC 5869's test case 3, no salt) of the data key, then
 * HMAC-SHA256 of the person id. The same key, person and label give the same pseudonym; another label, key or person
 * an unrelated one.
 */
class PseudonymTests {

	@Test
	void theKeyDerivationIsRfc5869HkdfSha256WithoutSalt() throws Exception {
		byte[] inputKey = HexFormat.of().parseHex("0b".repeat(22));
		assertThat(HexFormat.of().formatHex(PersonCipher.hkdfSha256(inputKey, new byte[0])))
			.isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
	}

	@Test
	void thePseudonymFollowsKeyPersonAndLabel() {
		PersonId person = PersonId.random();
		byte[] key = PersonKeys.randomKey();
		String pseudonym = new PersonCipher(person, key).pseudonym("carnet/statistics/pseudonym/v1");

		assertThat(pseudonym).matches("[0-9a-f]{64}").doesNotContain(person.toString().replace("-", ""));
		assertThat(new PersonCipher(person, key.clone()).pseudonym("carnet/statistics/pseudonym/v1"))
			.isEqualTo(pseudonym);
		assertThat(new PersonCipher(person, key).pseudonym("another use")).isNotEqualTo(pseudonym);
		assertThat(new PersonCipher(person, PersonKeys.randomKey()).pseudonym("carnet/statistics/pseudonym/v1"))
			.isNotEqualTo(pseudonym);
		assertThat(new PersonCipher(PersonId.random(), key).pseudonym("carnet/statistics/pseudonym/v1"))
			.isNotEqualTo(pseudonym);
	}
}
