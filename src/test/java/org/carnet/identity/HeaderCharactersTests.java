package org.carnet.identity;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop allows exactly the header names and values Spring's regular expressions allow. */
class HeaderCharactersTests {

	@Test
	void everyCodePointIsJudgedAsSpringJudgesIt() {
		int differences = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			// a lone surrogate (U+D800 to U+DFFF) is a string of one unpaired char
			String text = Character.toString(codePoint);
			if (HeaderCharacters.allowedValue(text) != StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text)
					|| HeaderCharacters.allowedName(text) != StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text)) {
				differences++;
			}
		}
		assertThat(differences).isZero();
	}

	@Test
	void wholeHeadersAreJudgedAsSpringJudgesThem() {
		String token = "eyJhbGciOiJSUzI1NiJ9." + "a".repeat(900) + ".sig-_~+/==";
		List<String> headers = List.of("", "Bearer " + token, "Bearer\t" + token, "a\u0000b", "a\u0007", "tab\there",
				"del\u007f", "nel\u0085", "\u00e9t\u00e9 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
				"emoji \ud83d\ude00 pair", "lone \ud83d high", "lone \ude00 low", "unassigned \u0378",
				"private \ue000 use", "\ud83d", "end \u2028 separator", "x".repeat(10_000) + "\u0001");
		for (String header : headers) {
			assertThat(HeaderCharacters.allowedValue(header)).as("value %s", header)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(header));
			assertThat(HeaderCharacters.allowedName(header)).as("name %s", header)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(header));
		}
		assertThat(HeaderCharacters.allowedValue("Bearer " + token)).isTrue();
		assertThat(HeaderCharacters.allowedValue("nel\u0085")).isFalse();
		assertThat(HeaderCharacters.allowedValue("tab\there")).isTrue();
		assertThat(HeaderCharacters.allowedName("tab\there")).isFalse();
	}
}
