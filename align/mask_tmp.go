package align

import (
	"os"
	"strconv"
)

var estimateMask, _ = strconv.Atoi(os.Getenv("KORPUS_EST"))
var debugEstimate = os.Getenv("KORPUS_EST_DEBUG") != ""
