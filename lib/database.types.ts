// Generated from the database schema by `npm run gen:types`. Do not edit by hand.
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  __InternalSupabase: { PostgrestVersion: "12" };
  public: {
    Tables: {
      access_log: {
        Row: {
          action: string;
          actor_email: string | null;
          actor_user_id: string;
          call_id: string;
          created_at: string;
          id: number;
          org_id: string;
        };
        Insert: {
          action: string;
          actor_email?: string | null;
          actor_user_id: string;
          call_id: string;
          created_at?: string;
          id?: number;
          org_id: string;
        };
        Update: {
          action?: string;
          actor_email?: string | null;
          actor_user_id?: string;
          call_id?: string;
          created_at?: string;
          id?: number;
          org_id?: string;
        };
        Relationships: [];
      };
      call_logs: {
        Row: {
          agent_name: string | null;
          agent_sort: string | null;
          call_type: string;
          campaign_id: string | null;
          contact_name: string | null;
          cost: number;
          created_at: string;
          customer_number: string | null;
          duration_seconds: number;
          ended_at: string | null;
          ended_reason: string | null;
          from_number: string;
          id: string;
          lead_id: string | null;
          org_id: string;
          phone_digits: string | null;
          provider: string;
          provider_call_id: string | null;
          recording_storage_path: string | null;
          recording_url: string | null;
          search_vector: unknown | null;
          sentiment: string | null;
          started_at: string;
          status: string;
          summary: string | null;
          to_number: string;
          transcript: Json;
        };
        Insert: {
          agent_name?: string | null;
          agent_sort?: never;
          call_type: string;
          campaign_id?: string | null;
          contact_name?: string | null;
          cost?: number;
          created_at?: string;
          customer_number?: never;
          duration_seconds?: number;
          ended_at?: string | null;
          ended_reason?: string | null;
          from_number?: string;
          id?: string;
          lead_id?: string | null;
          org_id: string;
          phone_digits?: never;
          provider?: string;
          provider_call_id?: string | null;
          recording_storage_path?: string | null;
          recording_url?: string | null;
          search_vector?: never;
          sentiment?: string | null;
          started_at: string;
          status: string;
          summary?: string | null;
          to_number?: string;
          transcript?: Json;
        };
        Update: {
          agent_name?: string | null;
          agent_sort?: never;
          call_type?: string;
          campaign_id?: string | null;
          contact_name?: string | null;
          cost?: number;
          created_at?: string;
          customer_number?: never;
          duration_seconds?: number;
          ended_at?: string | null;
          ended_reason?: string | null;
          from_number?: string;
          id?: string;
          lead_id?: string | null;
          org_id?: string;
          phone_digits?: never;
          provider?: string;
          provider_call_id?: string | null;
          recording_storage_path?: string | null;
          recording_url?: string | null;
          search_vector?: never;
          sentiment?: string | null;
          started_at?: string;
          status?: string;
          summary?: string | null;
          to_number?: string;
          transcript?: Json;
        };
        Relationships: [];
      };
      campaigns: {
        Row: {
          created_at: string;
          id: string;
          name: string;
          org_id: string;
          status: string;
        };
        Insert: {
          created_at?: string;
          id?: string;
          name: string;
          org_id: string;
          status?: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          name?: string;
          org_id?: string;
          status?: string;
        };
        Relationships: [];
      };
      failed_recording_uploads: {
        Row: {
          call_id: string;
          created_at: string;
          dead_lettered_at: string | null;
          error: string;
          id: string;
          max_retries: number;
          next_retry_at: string | null;
          org_id: string;
          queue_id: string | null;
          resolved_at: string | null;
          retry_count: number;
          updated_at: string;
        };
        Insert: {
          call_id: string;
          created_at?: string;
          dead_lettered_at?: string | null;
          error: string;
          id?: string;
          max_retries?: number;
          next_retry_at?: string | null;
          org_id: string;
          queue_id?: string | null;
          resolved_at?: string | null;
          retry_count?: number;
          updated_at?: string;
        };
        Update: {
          call_id?: string;
          created_at?: string;
          dead_lettered_at?: string | null;
          error?: string;
          id?: string;
          max_retries?: number;
          next_retry_at?: string | null;
          org_id?: string;
          queue_id?: string | null;
          resolved_at?: string | null;
          retry_count?: number;
          updated_at?: string;
        };
        Relationships: [];
      };
      knowledge_base: {
        Row: {
          active: boolean;
          content: string;
          created_at: string;
          id: string;
          org_id: string;
          title: string;
        };
        Insert: {
          active?: boolean;
          content?: string;
          created_at?: string;
          id?: string;
          org_id: string;
          title: string;
        };
        Update: {
          active?: boolean;
          content?: string;
          created_at?: string;
          id?: string;
          org_id?: string;
          title?: string;
        };
        Relationships: [];
      };
      leads: {
        Row: {
          created_at: string;
          email: string | null;
          id: string;
          name: string;
          org_id: string;
          phone: string | null;
          status: string;
        };
        Insert: {
          created_at?: string;
          email?: string | null;
          id?: string;
          name: string;
          org_id: string;
          phone?: string | null;
          status?: string;
        };
        Update: {
          created_at?: string;
          email?: string | null;
          id?: string;
          name?: string;
          org_id?: string;
          phone?: string | null;
          status?: string;
        };
        Relationships: [];
      };
      organizations: {
        Row: {
          created_at: string;
          id: string;
          name: string;
          status: string;
        };
        Insert: {
          created_at?: string;
          id?: string;
          name: string;
          status?: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          name?: string;
          status?: string;
        };
        Relationships: [];
      };
      orphan_cleanup_runs: {
        Row: {
          deleted_paths: string[];
          dry_run: boolean;
          error: string | null;
          finished_at: string | null;
          grace_seconds: number;
          id: string;
          org_id: string;
          orphan_paths: string[];
          scanned: number;
          started_at: string;
        };
        Insert: {
          deleted_paths?: string[];
          dry_run: boolean;
          error?: string | null;
          finished_at?: string | null;
          grace_seconds: number;
          id?: string;
          org_id: string;
          orphan_paths?: string[];
          scanned?: number;
          started_at?: string;
        };
        Update: {
          deleted_paths?: string[];
          dry_run?: boolean;
          error?: string | null;
          finished_at?: string | null;
          grace_seconds?: number;
          id?: string;
          org_id?: string;
          orphan_paths?: string[];
          scanned?: number;
          started_at?: string;
        };
        Relationships: [];
      };
      recording_upload_queue: {
        Row: {
          attempts: number;
          call_id: string;
          completed_at: string | null;
          created_at: string;
          id: string;
          last_error: string | null;
          lease_expires_at: string | null;
          lease_token: string | null;
          org_id: string;
          processing_started_at: string | null;
          recording_url: string;
          status: string;
          updated_at: string;
        };
        Insert: {
          attempts?: number;
          call_id: string;
          completed_at?: string | null;
          created_at?: string;
          id?: string;
          last_error?: string | null;
          lease_expires_at?: string | null;
          lease_token?: string | null;
          org_id: string;
          processing_started_at?: string | null;
          recording_url: string;
          status?: string;
          updated_at?: string;
        };
        Update: {
          attempts?: number;
          call_id?: string;
          completed_at?: string | null;
          created_at?: string;
          id?: string;
          last_error?: string | null;
          lease_expires_at?: string | null;
          lease_token?: string | null;
          org_id?: string;
          processing_started_at?: string | null;
          recording_url?: string;
          status?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      security_audit_log: {
        Row: {
          actor_user_id: string | null;
          created_at: string;
          details: Json;
          event: string;
          id: number;
          org_id: string;
          route: string;
          target_id: string | null;
        };
        Insert: {
          actor_user_id?: string | null;
          created_at?: string;
          details?: Json;
          event: string;
          id?: number;
          org_id: string;
          route: string;
          target_id?: string | null;
        };
        Update: {
          actor_user_id?: string | null;
          created_at?: string;
          details?: Json;
          event?: string;
          id?: number;
          org_id?: string;
          route?: string;
          target_id?: string | null;
        };
        Relationships: [];
      };
      webhook_deliveries: {
        Row: {
          call_id: string | null;
          org_id: string;
          received_at: string;
          webhook_id: string;
        };
        Insert: {
          call_id?: string | null;
          org_id: string;
          received_at?: string;
          webhook_id: string;
        };
        Update: {
          call_id?: string | null;
          org_id?: string;
          received_at?: string;
          webhook_id?: string;
        };
        Relationships: [];
      };
      webhook_secrets: {
        Row: {
          created_at: string;
          expires_at: string | null;
          id: string;
          org_id: string;
          secret: string;
          valid_from: string;
        };
        Insert: {
          created_at?: string;
          expires_at?: string | null;
          id?: string;
          org_id: string;
          secret: string;
          valid_from?: string;
        };
        Update: {
          created_at?: string;
          expires_at?: string | null;
          id?: string;
          org_id?: string;
          secret?: string;
          valid_from?: string;
        };
        Relationships: [];
      };
    };
    Views: { [_ in never]: never };
    Functions: {
      auth_org_id: { Args: never; Returns: string };
      auth_org_role: { Args: never; Returns: string };
      claim_retry_batch: {
        Args: {
          p_lease_seconds: number;
          p_limit: number;
          p_org_id: string;
        };
        Returns: {
          attempts: number;
          call_id: string;
          lease_expires_at: string;
          lease_token: string;
          queue_id: string;
          recording_url: string;
          retry_count: number;
        }[];
      };
      claim_upload_batch: {
        Args: {
          p_call_id?: string;
          p_lease_seconds: number;
          p_limit: number;
          p_org_id: string;
        };
        Returns: {
          attempts: number;
          call_id: string;
          lease_expires_at: string;
          lease_token: string;
          queue_id: string;
          recording_url: string;
        }[];
      };
      complete_upload: {
        Args: {
          p_lease_token: string;
          p_org_id: string;
          p_path: string;
          p_queue_id: string;
        };
        Returns: boolean;
      };
      fail_upload: {
        Args: {
          p_error: string;
          p_lease_token: string;
          p_org_id: string;
          p_queue_id: string;
          p_retry_delays: number[];
        };
        Returns: {
          dead_lettered: boolean;
          next_retry_at: string;
          retry_count: number;
        }[];
      };
      ingest_call_report: {
        Args: {
          p_call: Json;
          p_org_id: string;
          p_webhook_id: string;
        };
        Returns: {
          ingested_call_id: string;
          is_duplicate: boolean;
          is_queued: boolean;
        }[];
      };
      reclaim_expired_uploads: {
        Args: {
          p_max_attempts: number;
          p_org_id: string;
        };
        Returns: {
          attempts: number;
          call_id: string;
          queue_id: string;
          status: string;
        }[];
      };
      unreferenced_recording_paths: {
        Args: {
          p_org_id: string;
          p_paths: string[];
        };
        Returns: string[];
      };
    };
    Enums: { [_ in never]: never };
    CompositeTypes: { [_ in never]: never };
  };
};
