export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12"
  }
  public: {
    Tables: {
      access_log: {
        Row: {
          action: string
          actor_email: string | null
          actor_user_id: string
          call_id: string | null
          created_at: string
          detail: Json | null
          entry_id: string
          id: number
          org_id: string
          row_count: number | null
        }
        Insert: {
          action: string
          actor_email?: string | null
          actor_user_id: string
          call_id?: string | null
          created_at?: string
          detail?: Json | null
          entry_id?: string
          id?: never
          org_id: string
          row_count?: number | null
        }
        Update: {
          action?: string
          actor_email?: string | null
          actor_user_id?: string
          call_id?: string | null
          created_at?: string
          detail?: Json | null
          entry_id?: string
          id?: never
          org_id?: string
          row_count?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "access_log_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      call_logs: {
        Row: {
          agent_name: string | null
          agent_sort: string | null
          assistant_id: string | null
          call_type: string
          campaign_id: string | null
          contact_name: string | null
          content_erased_at: string | null
          cost: number
          cost_breakdown: Json | null
          created_at: string
          customer_number: string | null
          duration_seconds: number
          ended_at: string | null
          ended_reason: string | null
          from_number: string
          has_recording: boolean | null
          id: string
          lead_id: string | null
          legal_hold_at: string | null
          legal_hold_by: string | null
          list_search: unknown
          org_id: string
          phone_digits: string | null
          phone_number_id: string | null
          provider: string
          provider_call_id: string | null
          recording_erased_at: string | null
          recording_storage_path: string | null
          recording_url: string | null
          search_vector: unknown
          sentiment: string | null
          started_at: string
          status: string
          structured_data: Json | null
          succeeded: boolean | null
          success_evaluation: string | null
          summary: string | null
          to_number: string
          transcript: Json
        }
        Insert: {
          agent_name?: string | null
          agent_sort?: string | null
          assistant_id?: string | null
          call_type: string
          campaign_id?: string | null
          contact_name?: string | null
          content_erased_at?: string | null
          cost?: number
          cost_breakdown?: Json | null
          created_at?: string
          customer_number?: string | null
          duration_seconds?: number
          ended_at?: string | null
          ended_reason?: string | null
          from_number?: string
          has_recording?: boolean | null
          id?: string
          lead_id?: string | null
          legal_hold_at?: string | null
          legal_hold_by?: string | null
          list_search?: unknown
          org_id: string
          phone_digits?: string | null
          phone_number_id?: string | null
          provider?: string
          provider_call_id?: string | null
          recording_erased_at?: string | null
          recording_storage_path?: string | null
          recording_url?: string | null
          search_vector?: unknown
          sentiment?: string | null
          started_at: string
          status: string
          structured_data?: Json | null
          succeeded?: boolean | null
          success_evaluation?: string | null
          summary?: string | null
          to_number?: string
          transcript?: Json
        }
        Update: {
          agent_name?: string | null
          agent_sort?: string | null
          assistant_id?: string | null
          call_type?: string
          campaign_id?: string | null
          contact_name?: string | null
          content_erased_at?: string | null
          cost?: number
          cost_breakdown?: Json | null
          created_at?: string
          customer_number?: string | null
          duration_seconds?: number
          ended_at?: string | null
          ended_reason?: string | null
          from_number?: string
          has_recording?: boolean | null
          id?: string
          lead_id?: string | null
          legal_hold_at?: string | null
          legal_hold_by?: string | null
          list_search?: unknown
          org_id?: string
          phone_digits?: string | null
          phone_number_id?: string | null
          provider?: string
          provider_call_id?: string | null
          recording_erased_at?: string | null
          recording_storage_path?: string | null
          recording_url?: string | null
          search_vector?: unknown
          sentiment?: string | null
          started_at?: string
          status?: string
          structured_data?: Json | null
          succeeded?: boolean | null
          success_evaluation?: string | null
          summary?: string | null
          to_number?: string
          transcript?: Json
        }
        Relationships: [
          {
            foreignKeyName: "call_logs_org_id_campaign_id_fkey"
            columns: ["org_id", "campaign_id"]
            isOneToOne: false
            referencedRelation: "campaigns"
            referencedColumns: ["org_id", "id"]
          },
          {
            foreignKeyName: "call_logs_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "call_logs_org_id_lead_id_fkey"
            columns: ["org_id", "lead_id"]
            isOneToOne: false
            referencedRelation: "leads"
            referencedColumns: ["org_id", "id"]
          },
        ]
      }
      call_rollups: {
        Row: {
          calls: number
          cost: number
          dimension: string
          direction: string
          key: string | null
          local_day: string
          org_id: string
          seconds: number
          succeeded: number
          time_zone: string
        }
        Insert: {
          calls?: number
          cost?: number
          dimension: string
          direction: string
          key?: string | null
          local_day: string
          org_id: string
          seconds?: number
          succeeded?: number
          time_zone: string
        }
        Update: {
          calls?: number
          cost?: number
          dimension?: string
          direction?: string
          key?: string | null
          local_day?: string
          org_id?: string
          seconds?: number
          succeeded?: number
          time_zone?: string
        }
        Relationships: [
          {
            foreignKeyName: "call_rollups_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      campaigns: {
        Row: {
          created_at: string
          id: string
          name: string
          org_id: string
          status: string
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          org_id: string
          status?: string
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          org_id?: string
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "campaigns_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      erasure_receipts: {
        Row: {
          actor_email: string | null
          actor_user_id: string | null
          call_id: string
          created_at: string
          erased: string[]
          id: string
          object_version: string | null
          org_id: string
          source: string
          storage_erased_at: string | null
          storage_path: string | null
        }
        Insert: {
          actor_email?: string | null
          actor_user_id?: string | null
          call_id: string
          created_at?: string
          erased: string[]
          id?: string
          object_version?: string | null
          org_id: string
          source: string
          storage_erased_at?: string | null
          storage_path?: string | null
        }
        Update: {
          actor_email?: string | null
          actor_user_id?: string | null
          call_id?: string
          created_at?: string
          erased?: string[]
          id?: string
          object_version?: string | null
          org_id?: string
          source?: string
          storage_erased_at?: string | null
          storage_path?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "erasure_receipts_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      failed_recording_uploads: {
        Row: {
          call_id: string
          created_at: string
          dead_lettered_at: string | null
          error: string
          id: string
          max_retries: number
          next_retry_at: string | null
          org_id: string
          queue_id: string | null
          resolved_at: string | null
          retry_count: number
          updated_at: string
        }
        Insert: {
          call_id: string
          created_at?: string
          dead_lettered_at?: string | null
          error: string
          id?: string
          max_retries?: number
          next_retry_at?: string | null
          org_id: string
          queue_id?: string | null
          resolved_at?: string | null
          retry_count?: number
          updated_at?: string
        }
        Update: {
          call_id?: string
          created_at?: string
          dead_lettered_at?: string | null
          error?: string
          id?: string
          max_retries?: number
          next_retry_at?: string | null
          org_id?: string
          queue_id?: string | null
          resolved_at?: string | null
          retry_count?: number
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "failed_recording_uploads_org_id_call_id_fkey"
            columns: ["org_id", "call_id"]
            isOneToOne: true
            referencedRelation: "call_logs"
            referencedColumns: ["org_id", "id"]
          },
          {
            foreignKeyName: "failed_recording_uploads_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "failed_recording_uploads_queue_id_fkey"
            columns: ["queue_id"]
            isOneToOne: false
            referencedRelation: "recording_upload_queue"
            referencedColumns: ["id"]
          },
        ]
      }
      knowledge_base: {
        Row: {
          active: boolean
          content: string
          created_at: string
          id: string
          org_id: string
          title: string
        }
        Insert: {
          active?: boolean
          content?: string
          created_at?: string
          id?: string
          org_id: string
          title: string
        }
        Update: {
          active?: boolean
          content?: string
          created_at?: string
          id?: string
          org_id?: string
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "knowledge_base_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      leads: {
        Row: {
          created_at: string
          email: string | null
          id: string
          name: string
          org_id: string
          phone: string | null
          status: string
        }
        Insert: {
          created_at?: string
          email?: string | null
          id?: string
          name: string
          org_id: string
          phone?: string | null
          status?: string
        }
        Update: {
          created_at?: string
          email?: string | null
          id?: string
          name?: string
          org_id?: string
          phone?: string | null
          status?: string
        }
        Relationships: [
          {
            foreignKeyName: "leads_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      org_audit_log: {
        Row: {
          action: string
          actor_email: string | null
          actor_user_id: string | null
          created_at: string
          detail: Json
          id: string
          org_id: string
          target: string | null
        }
        Insert: {
          action: string
          actor_email?: string | null
          actor_user_id?: string | null
          created_at?: string
          detail?: Json
          id?: string
          org_id: string
          target?: string | null
        }
        Update: {
          action?: string
          actor_email?: string | null
          actor_user_id?: string | null
          created_at?: string
          detail?: Json
          id?: string
          org_id?: string
          target?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "org_audit_log_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      org_invitations: {
        Row: {
          accepted_at: string | null
          accepted_by: string | null
          created_at: string
          email: string
          expires_at: string
          id: string
          invited_by: string | null
          org_id: string
          revoked_at: string | null
          role: string
          token_hash: string
        }
        Insert: {
          accepted_at?: string | null
          accepted_by?: string | null
          created_at?: string
          email: string
          expires_at: string
          id?: string
          invited_by?: string | null
          org_id: string
          revoked_at?: string | null
          role: string
          token_hash: string
        }
        Update: {
          accepted_at?: string | null
          accepted_by?: string | null
          created_at?: string
          email?: string
          expires_at?: string
          id?: string
          invited_by?: string | null
          org_id?: string
          revoked_at?: string | null
          role?: string
          token_hash?: string
        }
        Relationships: [
          {
            foreignKeyName: "org_invitations_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      organizations: {
        Row: {
          created_at: string
          id: string
          name: string
          rollups_build_next: string | null
          rollups_build_to: string | null
          rollups_building_zone: string | null
          rollups_time_zone: string
          status: string
          time_zone: string
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          rollups_build_next?: string | null
          rollups_build_to?: string | null
          rollups_building_zone?: string | null
          rollups_time_zone?: string
          status?: string
          time_zone?: string
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          rollups_build_next?: string | null
          rollups_build_to?: string | null
          rollups_building_zone?: string | null
          rollups_time_zone?: string
          status?: string
          time_zone?: string
        }
        Relationships: []
      }
      orphan_cleanup_runs: {
        Row: {
          deleted_paths: string[]
          dry_run: boolean
          error: string | null
          finished_at: string | null
          grace_seconds: number
          id: string
          org_id: string
          orphan_paths: string[]
          scanned: number
          started_at: string
        }
        Insert: {
          deleted_paths?: string[]
          dry_run: boolean
          error?: string | null
          finished_at?: string | null
          grace_seconds: number
          id?: string
          org_id: string
          orphan_paths?: string[]
          scanned?: number
          started_at?: string
        }
        Update: {
          deleted_paths?: string[]
          dry_run?: boolean
          error?: string | null
          finished_at?: string | null
          grace_seconds?: number
          id?: string
          org_id?: string
          orphan_paths?: string[]
          scanned?: number
          started_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "orphan_cleanup_runs_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      provider_webhook_endpoints: {
        Row: {
          auth_method: string
          created_at: string
          disabled_at: string | null
          id: string
          org_id: string
          previous_expires_at: string | null
          previous_secret: string | null
          provider: string
          secret: string
          secret_set_at: string
        }
        Insert: {
          auth_method: string
          created_at?: string
          disabled_at?: string | null
          id?: string
          org_id: string
          previous_expires_at?: string | null
          previous_secret?: string | null
          provider: string
          secret: string
          secret_set_at?: string
        }
        Update: {
          auth_method?: string
          created_at?: string
          disabled_at?: string | null
          id?: string
          org_id?: string
          previous_expires_at?: string | null
          previous_secret?: string | null
          provider?: string
          secret?: string
          secret_set_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "provider_webhook_endpoints_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      recording_upload_queue: {
        Row: {
          attempts: number
          call_id: string
          completed_at: string | null
          created_at: string
          id: string
          last_error: string | null
          lease_expires_at: string | null
          lease_token: string | null
          org_id: string
          processing_started_at: string | null
          recording_url: string
          status: string
          updated_at: string
        }
        Insert: {
          attempts?: number
          call_id: string
          completed_at?: string | null
          created_at?: string
          id?: string
          last_error?: string | null
          lease_expires_at?: string | null
          lease_token?: string | null
          org_id: string
          processing_started_at?: string | null
          recording_url: string
          status?: string
          updated_at?: string
        }
        Update: {
          attempts?: number
          call_id?: string
          completed_at?: string | null
          created_at?: string
          id?: string
          last_error?: string | null
          lease_expires_at?: string | null
          lease_token?: string | null
          org_id?: string
          processing_started_at?: string | null
          recording_url?: string
          status?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "recording_upload_queue_org_id_call_id_fkey"
            columns: ["org_id", "call_id"]
            isOneToOne: true
            referencedRelation: "call_logs"
            referencedColumns: ["org_id", "id"]
          },
          {
            foreignKeyName: "recording_upload_queue_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      retention_policies: {
        Row: {
          metadata_days: number | null
          org_id: string
          recording_days: number | null
          transcript_days: number | null
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          metadata_days?: number | null
          org_id: string
          recording_days?: number | null
          transcript_days?: number | null
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          metadata_days?: number | null
          org_id?: string
          recording_days?: number | null
          transcript_days?: number | null
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "retention_policies_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: true
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      security_alert_windows: {
        Row: {
          alert_log_id: number | null
          alerted_at: string | null
          attempts: number
          first_seen_at: string
          kind: string
          last_seen_at: string
          source: string
          threshold: number
          window_seconds: number
          window_start: string
        }
        Insert: {
          alert_log_id?: number | null
          alerted_at?: string | null
          attempts: number
          first_seen_at?: string
          kind: string
          last_seen_at?: string
          source: string
          threshold: number
          window_seconds: number
          window_start: string
        }
        Update: {
          alert_log_id?: number | null
          alerted_at?: string | null
          attempts?: number
          first_seen_at?: string
          kind?: string
          last_seen_at?: string
          source?: string
          threshold?: number
          window_seconds?: number
          window_start?: string
        }
        Relationships: [
          {
            foreignKeyName: "security_alert_windows_alert_log_id_fkey"
            columns: ["alert_log_id"]
            isOneToOne: false
            referencedRelation: "security_audit_log"
            referencedColumns: ["id"]
          },
        ]
      }
      security_audit_log: {
        Row: {
          actor_user_id: string | null
          created_at: string
          details: Json
          event: string
          id: number
          org_id: string
          route: string
          target_id: string | null
        }
        Insert: {
          actor_user_id?: string | null
          created_at?: string
          details?: Json
          event: string
          id?: never
          org_id: string
          route: string
          target_id?: string | null
        }
        Update: {
          actor_user_id?: string | null
          created_at?: string
          details?: Json
          event?: string
          id?: never
          org_id?: string
          route?: string
          target_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "security_audit_log_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      webhook_deliveries: {
        Row: {
          call_id: string | null
          org_id: string
          received_at: string
          webhook_id: string
        }
        Insert: {
          call_id?: string | null
          org_id: string
          received_at?: string
          webhook_id: string
        }
        Update: {
          call_id?: string | null
          org_id?: string
          received_at?: string
          webhook_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "webhook_deliveries_org_id_call_id_fkey"
            columns: ["org_id", "call_id"]
            isOneToOne: false
            referencedRelation: "call_logs"
            referencedColumns: ["org_id", "id"]
          },
          {
            foreignKeyName: "webhook_deliveries_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      webhook_delivery_events: {
        Row: {
          credential_fingerprint: string | null
          error_code: string | null
          event_type: string | null
          id: string
          org_id: string
          outcome: string
          provider: string
          received_at: string
        }
        Insert: {
          credential_fingerprint?: string | null
          error_code?: string | null
          event_type?: string | null
          id?: string
          org_id: string
          outcome: string
          provider: string
          received_at?: string
        }
        Update: {
          credential_fingerprint?: string | null
          error_code?: string | null
          event_type?: string | null
          id?: string
          org_id?: string
          outcome?: string
          provider?: string
          received_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "webhook_delivery_events_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      webhook_secrets: {
        Row: {
          created_at: string
          expires_at: string | null
          id: string
          org_id: string
          secret: string
          valid_from: string
        }
        Insert: {
          created_at?: string
          expires_at?: string | null
          id?: string
          org_id: string
          secret: string
          valid_from?: string
        }
        Update: {
          created_at?: string
          expires_at?: string | null
          id?: string
          org_id?: string
          secret?: string
          valid_from?: string
        }
        Relationships: [
          {
            foreignKeyName: "webhook_secrets_org_id_fkey"
            columns: ["org_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      accept_org_invitation: {
        Args: { p_session_id?: string; p_token: string; p_user_id: string }
        Returns: Json
      }
      apply_call_rollup_changes: {
        Args: {
          p_changes: Database["public"]["CompositeTypes"]["call_rollup_change"][]
        }
        Returns: undefined
      }
      auth_org_id: { Args: never; Returns: string }
      auth_org_role: { Args: never; Returns: string }
      begin_call_export: { Args: { p_filter: Json }; Returns: string }
      begin_webhook_test: { Args: { p_provider: string }; Returns: string }
      call_overview: {
        Args: { p_direction?: string; p_from?: string; p_to?: string }
        Returns: Json
      }
      call_rollup_rows: {
        Args: { p_from: string; p_org_id: string; p_to: string; p_zone: string }
        Returns: {
          calls: number
          cost: number
          dimension: string
          direction: string
          key: string
          local_day: string
          seconds: number
          succeeded: number
        }[]
      }
      claim_erasure_batch: {
        Args: { p_limit: number; p_now?: string; p_org_id: string }
        Returns: {
          call_id: string
          erased: string[]
          receipt_id: string
          storage_path: string
        }[]
      }
      claim_retry_batch: {
        Args: { p_lease_seconds: number; p_limit: number; p_org_id: string }
        Returns: {
          attempts: number
          call_id: string
          lease_expires_at: string
          lease_token: string
          queue_id: string
          recording_url: string
          retry_count: number
        }[]
      }
      claim_upload_batch: {
        Args: {
          p_call_id?: string
          p_lease_seconds: number
          p_limit: number
          p_org_id: string
        }
        Returns: {
          attempts: number
          call_id: string
          lease_expires_at: string
          lease_token: string
          queue_id: string
          recording_url: string
        }[]
      }
      complete_upload: {
        Args: {
          p_lease_token: string
          p_org_id: string
          p_path: string
          p_queue_id: string
        }
        Returns: boolean
      }
      create_org_invitation: {
        Args: { p_email: string; p_role: string }
        Returns: Json
      }
      ensure_other_admin: {
        Args: { p_org: string; p_role: string; p_user_id: string }
        Returns: undefined
      }
      erase_call: { Args: { p_call_id: string }; Returns: Json }
      erase_call_row: {
        Args: {
          p_actor: string
          p_call_id: string
          p_email: string
          p_kinds: string[]
          p_org_id: string
          p_source: string
        }
        Returns: {
          erased: string[]
          receipt_id: string
          storage_path: string
        }[]
      }
      fail_upload: {
        Args: {
          p_error: string
          p_lease_token: string
          p_org_id: string
          p_queue_id: string
          p_retry_delays: number[]
        }
        Returns: {
          dead_lettered: boolean
          next_retry_at: string
          retry_count: number
        }[]
      }
      finish_call_export: {
        Args: { p_entry_id: string; p_row_count: number }
        Returns: boolean
      }
      ingest_call_report: {
        Args: { p_call: Json; p_org_id: string; p_webhook_id: string }
        Returns: {
          ingested_call_id: string
          is_duplicate: boolean
          is_queued: boolean
        }[]
      }
      invitation_preview: { Args: { p_token: string }; Returns: Json }
      is_org_time_zone: { Args: { p_zone: string }; Returns: boolean }
      lock_org_administration: { Args: { p_org: string }; Returns: undefined }
      lock_org_member: {
        Args: { p_org: string; p_user_id: string }
        Returns: string
      }
      open_call: { Args: { p_call_id: string }; Returns: Json }
      open_recording: { Args: { p_call_id: string }; Returns: string }
      org_audit: {
        Args: {
          p_action: string
          p_actor?: string
          p_detail?: Json
          p_org_id: string
          p_target: string
        }
        Returns: undefined
      }
      org_invitation_status: {
        Args: { i: Database["public"]["Tables"]["org_invitations"]["Row"] }
        Returns: string
      }
      org_members_overview: { Args: never; Returns: Json }
      org_pipeline_stats: {
        Args: never
        Returns: {
          dead_letters: number
          oldest_pending_seconds: number
          org_id: string
          queue_failed: number
          queue_pending: number
          queue_processing: number
          retries_waiting: number
        }[]
      }
      org_time_zone: { Args: never; Returns: Json }
      pipeline_health: { Args: never; Returns: Json }
      rebuild_call_rollups: {
        Args: { p_chunk_calls?: number; p_org_id: string }
        Returns: Json
      }
      reclaim_expired_uploads: {
        Args: { p_max_attempts: number; p_org_id: string }
        Returns: {
          attempts: number
          call_id: string
          queue_id: string
          status: string
        }[]
      }
      record_security_signal: {
        Args: {
          p_kind: string
          p_org_id: string
          p_route: string
          p_source: string
          p_threshold: number
          p_window_seconds: number
        }
        Returns: {
          alert: boolean
          attempts: number
          window_start: string
        }[]
      }
      record_webhook_delivery: {
        Args: {
          p_credential_fingerprint?: string
          p_error_code: string
          p_event_type: string
          p_org_id: string
          p_outcome: string
          p_provider: string
        }
        Returns: undefined
      }
      remove_org_member: { Args: { p_user_id: string }; Returns: undefined }
      replace_provider_credential: {
        Args: {
          p_org_id: string
          p_overlap_seconds: number
          p_provider: string
          p_secret: string
        }
        Returns: Json
      }
      request_gate: { Args: never; Returns: undefined }
      request_gate_authenticated: { Args: never; Returns: undefined }
      requeue_dead_letters: {
        Args: { p_dead_letter_id?: string }
        Returns: string[]
      }
      require_org_admin: { Args: never; Returns: string }
      retention_for_org: {
        Args: { p_org_id: string }
        Returns: {
          is_default: boolean
          metadata_days: number
          recording_days: number
          transcript_days: number
        }[]
      }
      retention_policy: { Args: never; Returns: Json }
      retire_provider_credential: {
        Args: { p_endpoint_id: string }
        Returns: boolean
      }
      retire_webhook_secret: { Args: { p_secret_id: string }; Returns: boolean }
      revoke_invitations_of: {
        Args: { p_inviter: string; p_org: string }
        Returns: undefined
      }
      revoke_org_invitation: {
        Args: { p_invitation_id: string }
        Returns: undefined
      }
      rotate_vapi_secret: { Args: { p_overlap_seconds: number }; Returns: Json }
      rotate_webhook_secret: {
        Args: { p_overlap_seconds: number }
        Returns: Json
      }
      set_legal_hold: {
        Args: { p_call_id: string; p_hold: boolean }
        Returns: Json
      }
      set_org_member_role: {
        Args: { p_role: string; p_user_id: string }
        Returns: undefined
      }
      set_org_time_zone: { Args: { p_time_zone: string }; Returns: Json }
      set_retell_api_key: {
        Args: { p_api_key: string; p_overlap_seconds: number }
        Returns: Json
      }
      set_retention_policy: {
        Args: {
          p_metadata_days: number
          p_recording_days: number
          p_transcript_days: number
        }
        Returns: Json
      }
      unreferenced_recording_paths: {
        Args: { p_org_id: string; p_paths: string[] }
        Returns: string[]
      }
      webhook_settings: { Args: never; Returns: Json }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      call_rollup_change: {
        org_id: string | null
        started_at: string | null
        call_type: string | null
        status: string | null
        ended_reason: string | null
        sentiment: string | null
        agent_name: string | null
        succeeded: boolean | null
        duration_seconds: number | null
        cost: number | null
        sign: number | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {},
  },
} as const
