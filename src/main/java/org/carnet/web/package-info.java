/** What every HTTP request meets first: bounds on its size, refused before any other work, and same-origin redirects. */
package org.carnet.web;
