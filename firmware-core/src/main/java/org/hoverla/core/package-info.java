package org.hoverla.core;
