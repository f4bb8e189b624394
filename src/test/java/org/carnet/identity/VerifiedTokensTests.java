package org.carnet.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.testing.SettableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token's signature is verified once, its rules on every request: a kept token still expires at its expiry, and
 * stops working once its account closes, exactly as an unkept one would; a token that fails verification or its
 * rules is never kept.
 */
class VerifiedTokensTests {

	private static final Instant ISSUED = Instant.parse("2026-12-05T08:00:00Z");

	private final SettableClock clock = new SettableClock();

	private final AtomicInteger verifications = new AtomicInteger();

	private final AtomicBoolean accountOpen = new AtomicBoolean(true);

	/** Stands for the signature check and parsing: counts its calls; "forged" tokens fail it. */
	private final JwtDecoder verifier = token -> {
		verifications.incrementAndGet();
		if (token.startsWith("forged")) {
			throw new BadJwtException("Signed JWT rejected: Invalid signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("amina")
			.issuedAt(ISSUED)
			.expiresAt(ISSUED.plus(Duration.ofMinutes(15)))
			.build();
	};

	private final OAuth2TokenValidator<Jwt> account = jwt -> accountOpen.get() ? OAuth2TokenValidatorResult.success()
			: OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					OpenAccountTokens.DESCRIPTION, null));

	private final VerifiedTokens tokens = new VerifiedTokens(verifier, rules(), Duration.ofMinutes(5));

	private OAuth2TokenValidator<Jwt> rules() {
		JwtTimestampValidator validity = new JwtTimestampValidator(Duration.ofSeconds(5));
		validity.setClock(clock);
		return JwtValidators.createDefaultWithValidators(List.of(validity, account));
	}

	@Test
	void aTokenSentWithEveryRequestIsVerifiedOnce() {
		clock.stopAt(ISSUED.plusSeconds(60));

		Jwt first = tokens.decode("token-a");
		Jwt second = tokens.decode("token-a");
		tokens.decode("token-a");

		assertThat(second.getSubject()).isEqualTo("amina");
		assertThat(second).isSameAs(first);
		assertThat(verifications).hasValue(1);
		tokens.decode("token-b");
		assertThat(verifications).as("another token is verified on its own").hasValue(2);
	}

	@Test
	void aKeptTokenIsRefusedFromItsExpiryOn() {
		clock.stopAt(ISSUED.plusSeconds(60));
		tokens.decode("token-a");

		clock.stopAt(ISSUED.plus(Duration.ofMinutes(15)).plusSeconds(6));

		assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
	}

	@Test
	void aKeptTokenStopsWorkingOnceItsAccountCloses() {
		clock.stopAt(ISSUED.plusSeconds(60));
		tokens.decode("token-a");

		accountOpen.set(false);

		assertThatThrownBy(() -> tokens.decode("token-a")).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining(OpenAccountTokens.DESCRIPTION);
	}

	@Test
	void tokensThatFailVerificationOrTheirRulesAreNeverKept() {
		clock.stopAt(ISSUED.plusSeconds(60));
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> tokens.decode("forged-token")).isInstanceOf(BadJwtException.class);
		}
		assertThat(verifications).as("a forged token is checked every time").hasValue(3);

		accountOpen.set(false);
		assertThatThrownBy(() -> tokens.decode("token-c")).isInstanceOf(JwtValidationException.class);
		accountOpen.set(true);
		tokens.decode("token-c");
		assertThat(verifications).as("a token refused by its rules was not kept: verified again").hasValue(5);
	}
}
