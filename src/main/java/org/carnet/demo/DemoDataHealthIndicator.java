package org.carnet.demo;

import java.time.Duration;

import org.carnet.core.TimedCheck;
import org.carnet.core.Unavailable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Whether the demo is ready ({@code demoData} in the readiness group of the {@code demo} profile): UP once a demo
 * user could sign in, that is the account {@code amina} exists, is open and accepts its README password (the checks
 * the sign-in makes, without signing in: no session, no login event). The password hash is checked at most once a
 * minute, within {@code carnet.health.timeout}.
 */
@Component
@Profile("demo")
class DemoDataHealthIndicator implements HealthIndicator {

	static final String DEMO_USER = "amina";

	private static final Duration RECHECK = Duration.ofMinutes(1);

	private final TimedCheck<Boolean> signIn;

	/** When the demo user last passed the check (System.nanoTime), null before. */
	private volatile Long lastSuccess;

	DemoDataHealthIndicator(UserDetailsService users, PasswordEncoder passwords, DemoSettings settings,
			@Value("${carnet.health.timeout:2s}") Duration timeout) {
		String password = settings.password(DEMO_USER);
		this.signIn = new TimedCheck<>("demo data", timeout, () -> {
			try {
				UserDetails user = users.loadUserByUsername(DEMO_USER);
				return user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired()
						&& user.isCredentialsNonExpired() && passwords.matches(password, user.getPassword());
			}
			catch (UsernameNotFoundException ex) {
				return false;
			}
		});
	}

	@Override
	public Health health() {
		Long last = lastSuccess;
		if (last != null && System.nanoTime() - last < RECHECK.toNanos()) {
			return Health.up().withDetail("user", DEMO_USER).build();
		}
		try {
			if (signIn.run()) {
				lastSuccess = System.nanoTime();
				return Health.up().withDetail("user", DEMO_USER).build();
			}
			return Health.down().withDetail("reason", "the demo user cannot sign in yet").build();
		}
		catch (Unavailable ex) {
			return Health.down().withDetail("reason", ex.getMessage()).build();
		}
	}
}
