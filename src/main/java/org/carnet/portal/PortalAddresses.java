package org.carnet.portal;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Every portal address that names something by id (a person, a grant, a request, a notification) names it by a
 * UUID: any other text there names nothing, and the page says so (404 in the user's language) before a handler
 * asks the API about it or shows a form for it.
 */
@ControllerAdvice(basePackageClasses = PortalAddresses.class)
class PortalAddresses {

	private static final Pattern UUID = Pattern.compile(
			"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	@ModelAttribute
	void idsAreUuids(HttpServletRequest request) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
				&& variables.get("id") instanceof String id && !UUID.matcher(id).matches()) {
			throw new PortalNotFound("No such address");
		}
	}
}
