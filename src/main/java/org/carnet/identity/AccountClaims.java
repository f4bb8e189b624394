package org.carnet.identity;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.carnet.core.BadInput;
import org.carnet.core.PhrNumber;
import org.carnet.core.Text;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /accounts/claim}: a migrant creates their account with the PHR number and activation code printed on
 * their paper record. Unauthenticated (they have no account yet), hence outside GraphQL, which needs a token.
 */
@RestController
class AccountClaims {

	static final String PATH = "/accounts/claim";

	private final Accounts accounts;

	private final ClientAddresses addresses;

	AccountClaims(Accounts accounts, ClientAddresses addresses) {
		this.accounts = accounts;
		this.addresses = addresses;
	}

	/** What the person types. */
	record ClaimRequest(String phrNumber, String activationCode, String username, String password) {

		@Override
		public String toString() {
			return "ClaimRequest[phrNumber=" + phrNumber + ", username=" + username + "]";
		}
	}

	record Claimed(String username) {
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Claimed> claim(@RequestBody ClaimRequest request, HttpServletRequest http) {
		// refused before anything is looked up: NUL, escapes, direction overrides, broken characters
		Text.check("phrNumber", request.phrNumber());
		Text.check("activationCode", request.activationCode());
		Text.check("username", request.username());
		Text.check("password", request.password());
		PhrNumber phr = PhrNumber.parse(request.phrNumber());
		Account account = accounts.claim(phr, request.activationCode(), request.username(), request.password(),
				addresses.of(http));
		return ResponseEntity.status(HttpStatus.CREATED).body(new Claimed(account.username()));
	}

	@ExceptionHandler(BadInput.class)
	ResponseEntity<Map<String, String>> badInput(BadInput ex) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("field", ex.field());
		body.put("message", ex.getMessage());
		return ResponseEntity.badRequest().body(body);
	}

	@ExceptionHandler(ClaimThrottled.class)
	ResponseEntity<Map<String, String>> throttled(ClaimThrottled ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000)))
			.body(Map.of("message", ex.getMessage()));
	}

	/** A body that is not JSON of this shape: say so, without echoing it. */
	@ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, String>> unreadable() {
		return ResponseEntity.badRequest()
			.body(Map.of("message", "Send JSON with phrNumber, activationCode, username and password"));
	}
}
