/** What every HTTP request meets first: bounds on its size, refused before any other work, and same-origin redirects. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package org.carnet.web;
