/**
 * The virtualised grid: only the rows in view (plus a little overscan) exist in the DOM, so 500 or
 * 5000 agents scroll as smoothly as 10. Cards have a fixed size; columns follow the width.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Process } from '../../api/types';
import { agents } from '../../state/agents';
import { stats, statsAvailable } from '../../state/stats';
import { Card } from './card';
import { visibleWindow } from './filters';

const CARD_MIN_WIDTH = 270;
const ROW_HEIGHT = 138;
const GAP = 10;

interface Props {
  list: Process[];
  selected: Set<number>;
  onSelect: (pid: number, on: boolean) => void;
}

export function Grid({ list, selected, onSelect }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1000, height: 800 });
  const [scrollTop, setScrollTop] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current!;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    // Keep the scroll position meaningful when a filter shrinks the list.
    const el = ref.current;
    if (el && el.scrollTop > 0 && el.scrollHeight <= el.clientHeight) setScrollTop(0);
  }, [list.length]);

  const columns = Math.max(1, Math.floor((size.width - GAP + GAP) / (CARD_MIN_WIDTH + GAP)));
  const cardWidth = (size.width - GAP * (columns + 1)) / columns;
  const { first, last, totalHeight } = visibleWindow({
    count: list.length,
    columns,
    rowHeight: ROW_HEIGHT,
    scrollTop,
    viewport: size.height,
  });
  const statsKnown = statsAvailable.value === true;
  const s = stats.value;

  const cards = [];
  for (let i = first; i < last; i++) {
    const p = list[i]!;
    const sig = agents.get(p.pid);
    if (!sig) continue;
    const row = Math.floor(i / columns);
    const col = i % columns;
    const style = `transform:translate(${GAP + col * (cardWidth + GAP)}px,${GAP + row * ROW_HEIGHT}px);width:${cardWidth}px;height:${ROW_HEIGHT - GAP}px`;
    cards.push(
      <Card
        key={p.pid}
        proc={sig}
        stats={s[p.pid]}
        statsKnown={statsKnown}
        selected={selected.has(p.pid)}
        onSelect={onSelect}
        style={style}
      />,
    );
  }

  return (
    <div
      class="grid-scroll"
      ref={ref}
      data-testid="agent-grid"
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}
    >
      <div class="grid-space" style={`height:${totalHeight + GAP}px`}>
        {cards}
      </div>
    </div>
  );
}
