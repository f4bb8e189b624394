package org.carnet.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The requester is exactly what the token states, never more. */
class RequestersTests {

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void readsStaffClaims() {
		Jwt jwt = token().subject("dr.weber")
			.claim("roles", List.of("CLINICIAN", "MEDIATOR"))
			.claim("organisation", "charite")
			.claim("jurisdiction", "DE")
			.audience(List.of("carnet-cli"))
			.build();
		Requester requester = Requesters.from(jwt);
		assertThat(requester).isEqualTo(new Requester("dr.weber", Set.of(Role.CLINICIAN, Role.MEDIATOR),
				Optional.of("charite"), Optional.of(Jurisdiction.of("DE")), Optional.empty(), "carnet-cli"));
	}

	@Test
	void readsMigrantClaims() {
		PersonId person = PersonId.random();
		Jwt jwt = token().subject("amina")
			.claim("roles", List.of("MIGRANT"))
			.claim("person_id", person.toString())
			.claim("azp", "carnet-portal")
			.audience(List.of("carnet-portal"))
			.build();
		Requester requester = Requesters.from(jwt);
		assertThat(requester.is(person)).isTrue();
		assertThat(requester.has(Role.MIGRANT)).isTrue();
		assertThat(requester.organisation()).isEmpty();
		assertThat(requester.jurisdiction()).isEmpty();
		assertThat(requester.clientId()).isEqualTo("carnet-portal");
	}

	@Test
	void ignoresWhatItCannotUnderstand() {
		Jwt jwt = token().subject("someone")
			.claim("roles", List.of("SUPERUSER", "admin", "AUDITOR"))
			.claim("jurisdiction", "XX")
			.claim("person_id", "not-a-uuid")
			.audience(List.of("carnet-cli"))
			.build();
		Requester requester = Requesters.from(jwt);
		assertThat(requester.roles()).containsExactly(Role.AUDITOR);
		assertThat(requester.jurisdiction()).isEmpty();
		assertThat(requester.personId()).isEmpty();
	}

	@Test
	void tokenWithoutRolesHasNone() {
		Requester requester = Requesters.from(token().subject("nobody").audience(List.of("x")).build());
		assertThat(requester.roles()).isEmpty();
	}

	@Test
	void currentRequesterComesFromTheAuthenticatedToken() {
		Jwt jwt = token().subject("dr.weber").claim("roles", List.of("CLINICIAN")).audience(List.of("c")).build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
		assertThat(Requesters.current().subject()).isEqualTo("dr.weber");
	}

	@Test
	void refusesWhenNoTokenAuthenticatedTheRequest() {
		assertThatThrownBy(Requesters::current).isInstanceOf(AuthenticationCredentialsNotFoundException.class);
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("x", "y", "ROLE_ADMIN"));
		assertThatThrownBy(Requesters::current).isInstanceOf(AuthenticationCredentialsNotFoundException.class);
	}

	private static Jwt.Builder token() {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
	}
}
