package org.hoverla.sim;
