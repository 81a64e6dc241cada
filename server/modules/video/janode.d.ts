// The parts of janode (Meetecho's Janus client for Node, plain JavaScript) Hearth uses.
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface JanodeMessage {
    janus: string;
    plugindata?: { plugin: string; data: Record<string, unknown> };
    [key: string]: unknown;
  }
  export interface JanodeHandle extends EventEmitter {
    id: number;
    message(body: Record<string, unknown>): Promise<JanodeMessage>;
    joinPublisher(params: Record<string, unknown>): Promise<Record<string, unknown>>;
    joinConfigurePublisher(params: Record<string, unknown>): Promise<Record<string, unknown>>;
    joinSubscriber(params: Record<string, unknown>): Promise<Record<string, unknown>>;
    start(params: Record<string, unknown>): Promise<Record<string, unknown>>;
    detach(): Promise<void>;
  }
  export interface JanodeSession extends EventEmitter {
    id: number;
    attach(plugin: unknown): Promise<JanodeHandle>;
    destroy(): Promise<void>;
  }
  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    sendRequest(request: Record<string, unknown>): Promise<JanodeMessage>;
    close(): Promise<void>;
  }
  const Janode: {
    connect(config: {
      is_admin?: boolean;
      address: Array<{ url: string; apisecret?: string }>;
      retry_time_secs?: number;
      max_retries?: number;
    }): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'debug' | 'verb' | 'info' | 'warn' | 'error' | 'none'): string };
    EVENT: { CONNECTION_CLOSED: string; CONNECTION_ERROR: string; SESSION_DESTROYED: string };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  const VideoRoomPlugin: {
    EVENT: {
      VIDEOROOM_TALKING: string;
      VIDEOROOM_PUB_LIST: string;
      VIDEOROOM_DESTROYED: string;
      VIDEOROOM_KICKED: string;
      VIDEOROOM_UNPUBLISHED: string;
      VIDEOROOM_LEAVING: string;
    };
  };
  export default VideoRoomPlugin;
}
