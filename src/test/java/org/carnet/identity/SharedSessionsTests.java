package org.carnet.identity;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session value is stored as Java serialisation, and refused beyond the configured size. */
class SharedSessionsTests {

	private final SharedSessions.BoundedSerializer serializer = new SharedSessions.BoundedSerializer(1024);

	@Test
	void aValueWithinTheBoundIsStoredAsItsSerialisation() throws Exception {
		byte[] stored = serializer.convert("a notice");
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
			assertThat(in.readObject()).isEqualTo("a notice");
		}
	}

	@Test
	void aValueBeyondTheBoundIsRefusedWithoutItsContentInTheMessage() {
		String large = "personal ".repeat(200);
		assertThatThrownBy(() -> serializer.convert(large)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("larger than 1024 bytes")
			.message()
			.doesNotContain("personal");
	}

	@Test
	void theSignInRefusalKeepsWhetherAPasswordWasTypedButNotThePassword() {
		var typed = org.springframework.security.authentication.UsernamePasswordAuthenticationToken
			.unauthenticated("amina", "not the password");
		var refusal = new org.springframework.security.authentication.BadCredentialsException("Bad credentials");
		refusal.setAuthenticationRequest(typed);

		var kept = SignInRefused.withoutPassword(refusal);
		assertThat(kept.getAuthenticationRequest().getName()).isEqualTo("amina");
		assertThat(kept.getAuthenticationRequest().getCredentials()).isEqualTo(SignInRefused.TYPED);
		assertThat(kept.getStackTrace()).isEmpty();
		byte[] stored = new SharedSessions.BoundedSerializer(32 * 1024).convert(kept);
		assertThat(stored).as("no stack trace: a few class descriptors and two strings").hasSizeLessThan(4096);
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("amina")
			.doesNotContain("not the password");
	}
}
