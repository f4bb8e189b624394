package org.carnet.consent;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Share codes as text (their QR image: {@code org.carnet.core.QrCodesTests}). */
class ShareCodeTextTests {

	@Test
	void codesUseOnlyUnambiguousCharactersInGroupsOfThree() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String shown = ShareCodeText.display(ShareCodeText.random());
			assertThat(shown).matches("[23456789ABCDEFGHJKLMNPQRSTVWXYZ]{3}-[23456789ABCDEFGHJKLMNPQRSTVWXYZ]{3}-"
					+ "[23456789ABCDEFGHJKLMNPQRSTVWXYZ]{3}");
			assertThat(shown).doesNotContain("0", "O", "1", "I", "U");
			seen.add(shown);
		}
		assertThat(seen).hasSize(1000);
	}

	@Test
	void aCodeIsReadAsPeopleTypeIt() {
		assertThat(ShareCodeText.normalise(" k7q 4m2-9xt ")).contains("K7Q4M29XT");
		assertThat(ShareCodeText.normalise("K7Q-4M2-9XT")).contains("K7Q4M29XT");
		assertThat(ShareCodeText.normalise("K7Q-4M2-9X")).isEmpty();
		assertThat(ShareCodeText.normalise("K7Q-4M2-0XT")).isEmpty();
		assertThat(ShareCodeText.normalise(null)).isEmpty();
	}
}
