package xmltok_test

import (
	"errors"
	"fmt"

	"github.com/korpus/korpus/tm/internal/xmltok"
)

func ExampleAt() {
	errEntity := errors.New("DOCTYPE with entity declarations refused")
	err := xmltok.At("lol.tmx", 2, 1, errEntity, "korpus does not expand %s", "entities")
	fmt.Println(err)
	fmt.Println(errors.Is(err, errEntity))
	// Output:
	// lol.tmx: line 2, column 1: DOCTYPE with entity declarations refused: korpus does not expand entities
	// true
}

func ExampleEscapeString() {
	fmt.Println(xmltok.EscapeString(`a < "b"`, xmltok.Text))
	fmt.Println(xmltok.EscapeString(`a < "b"`, xmltok.Attr))
	fmt.Println(xmltok.EscapeString("bell\a", xmltok.TextCP))
	// Output:
	// a &lt; "b"
	// a &lt; &quot;b&quot;
	// bell<cp hex="0007"/>
}
