// Imports every primitive file so that the registry is complete (the registry test walks it).
import "./elementwise.js";
import "./movement.js";
import "./reduce.js";
import "./gather.js";
import "./special.js";
import "./scatter.js";
import "./dot.js";
import "./conv.js";
import "./reduceWindow.js";
import "./sort.js";
import "./cumulative.js";
import "./random.js";
import "./stopGradient.js";
