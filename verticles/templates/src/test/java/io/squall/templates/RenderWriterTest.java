package io.squall.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RenderWriterTest {

  @Test
  void collectsEveryKindOfWrite() {
    RenderWriter out = RenderWriter.open();
    out.write("ab");
    out.write("xcdx", 1, 2);
    out.write(new char[] {'e', 'f'});
    out.write(new char[] {'x', 'g', 'x'}, 1, 1);
    out.write('h');
    out.append("ij").append("xkx", 1, 2).append('l').append(null);

    assertThat(out.length()).isEqualTo(16);
    assertThat(out.finish()).isEqualTo("abcdefghijklnull");
  }

  @Test
  void growsPastItsFirstArrayAndKeepsNonLatin1Text() {
    RenderWriter out = RenderWriter.open();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      String piece = i % 1000 == 0 ? "\u20ac\ud83d\ude00" : Integer.toString(i);
      out.write(piece);
      expected.append(piece);
    }

    assertThat(out.finish()).isEqualTo(expected.toString());
  }

  @Test
  void eachRenderOnAThreadStartsEmptyWhetherTheArrayWasKeptOrNot() {
    RenderWriter first = RenderWriter.open();
    first.write("first page");
    assertThat(first.finish()).isEqualTo("first page");

    RenderWriter second = RenderWriter.open();
    second.write("2nd");
    assertThat(second.finish()).isEqualTo("2nd");

    RenderWriter big = RenderWriter.open();
    big.write("x".repeat(RenderWriter.KEPT_CHARS + 1));
    assertThat(big.finish()).hasSize(RenderWriter.KEPT_CHARS + 1);

    RenderWriter failed = RenderWriter.open();
    failed.write("half a page");
    failed.release();
    failed.release();

    RenderWriter next = RenderWriter.open();
    next.write("next");
    assertThat(next.finish()).isEqualTo("next");
  }

  @Test
  void aRenderInsideARenderGetsItsOwnArray() {
    RenderWriter outer = RenderWriter.open();
    outer.write("outer ");
    RenderWriter inner = RenderWriter.open();
    inner.write("inner");

    assertThat(inner.finish()).isEqualTo("inner");
    outer.write("page");
    assertThat(outer.finish()).isEqualTo("outer page");
  }

  @Test
  void refusesOutOfRangeWrites() {
    RenderWriter out = RenderWriter.open();

    assertThatThrownBy(() -> out.write(new char[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> out.write("abc", -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out.finish()).isEmpty();
  }
}
