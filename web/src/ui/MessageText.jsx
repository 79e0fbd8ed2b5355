import { useMemo } from 'react';

import { markupBlocks } from '../markup/blocks.js';

/** A message's text, read by the markup rules (docs/PROTOCOL.md, "Text markup") into React elements:
 * never HTML built from it. Links open in a new tab with no opener and no referrer, and nothing is ever
 * fetched for a preview; mentions are highlighted (`@:bob smith:` shown as @bob smith), ours stronger. */
export function MessageText({ text, me }) {
  const blocks = useMemo(() => markupBlocks(text), [text]);
  const mine = me.toLowerCase();
  return blocks.map((block, index) => <Block key={index} block={block} mine={mine} first={index === 0} />);
}

/** A block; a paragraph after a quote or code block starts on its own line, indented like them. */
function Block({ block, mine, first }) {
  if (block.paragraph && first) return <Nodes nodes={block.paragraph} mine={mine} />;
  if (block.paragraph) {
    return (
      <span className="markup-paragraph">
        <Nodes nodes={block.paragraph} mine={mine} />
      </span>
    );
  }
  if (block.quote) {
    return (
      <blockquote className="markup-quote">
        <Nodes nodes={block.quote} mine={mine} />
      </blockquote>
    );
  }
  return (
    <pre className="markup-code-block" data-lang={block.lang}>
      <code>{block.code}</code>
    </pre>
  );
}

function Nodes({ nodes, mine }) {
  return nodes.map((node, index) => <Node key={index} node={node} mine={mine} />);
}

function Node({ node, mine }) {
  if (typeof node === 'string') return node;
  if (node.bold) return <strong><Nodes nodes={node.bold} mine={mine} /></strong>;
  if (node.italic) return <em><Nodes nodes={node.italic} mine={mine} /></em>;
  if (node.strike) return <s><Nodes nodes={node.strike} mine={mine} /></s>;
  if (node.link !== undefined) {
    return (
      <a className="markup-link" href={node.link} target="_blank" rel="noopener noreferrer">
        {node.link}
      </a>
    );
  }
  if (node.mention !== undefined) {
    return <span className={`mention ${node.mention.toLowerCase() === mine ? 'mention-me' : ''}`}>@{node.mention}</span>;
  }
  if (node.emoji) {
    return (
      <span className="markup-emoji" role="img" aria-label={node.shortcode.replaceAll('_', ' ')} title={`:${node.shortcode}:`}>
        {node.emoji}
      </span>
    );
  }
  return <code className="markup-code">{node.code}</code>;
}
